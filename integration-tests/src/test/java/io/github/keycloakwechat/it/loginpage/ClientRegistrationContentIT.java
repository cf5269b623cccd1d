package io.github.keycloakwechat.it.loginpage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/**
 * Keycloak's client registration lets whoever holds an initial access token create a client, attributes included,
 * without a realm admin. Such a client must not turn the realm's login page into a phishing page: no framed page, no
 * HTML and no footer links of its own, unless the realm opted in. Colors and the system name remain its to set.
 */
@KeycloakTest
class ClientRegistrationContentIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PHISH = "https://attacker.example/phish";
    private static final String RESET = "https://attacker.example/reset";
    private static final String REDIRECT = "http://127.0.0.1:1/callback";

    @Test
    void aRegisteredClientCannotFrameInjectOrLinkUntilTheRealmOptsIn(WeChatSandbox wechat, KeycloakServer server)
            throws Exception {
        LoginPageRealm realm = LoginPageRealm.create(wechat);
        String clientId = register(wechat, server, realm.name());

        Document closed = loginPage(server, realm.name(), clientId);
        String closedCsp = lastCsp;
        assertNull(closed.selectFirst("#wechat-left-frame"), "no framed page from a registered client");
        assertFalse(closedCsp.contains("attacker.example"), "the CSP was not widened: " + closedCsp);
        assertTrue(closed.select("a[href^=https://attacker.example]").isEmpty(), "no footer link of the client's");
        assertFalse(closed.html().contains("client-html-marker"), "no HTML of the client's");
        assertEquals("Registered brand", closed.selectFirst("#kc-header-wrapper").text(),
                "the system name stays the client's to set");

        // The realm opts in: now the same client's content appears, so the assertions above can see it.
        realm.settings(Map.of("allowClientContent", "true"));
        Document open = loginPage(server, realm.name(), clientId);
        assertNotNull(open.selectFirst("#wechat-left-frame[src=" + PHISH + "]"), open.html());
        assertTrue(lastCsp.contains("https://attacker.example"), lastCsp);
        assertFalse(open.select("a[href=" + RESET + "]").isEmpty(), "the footer link, now allowed");
    }

    private String lastCsp = "";

    private Document loginPage(KeycloakServer server, String realm, String clientId) {
        HttpBrowser browser = new HttpBrowser();
        HttpBrowser.Page page = browser.get(server.realmUrl(realm) + "/protocol/openid-connect/auth?client_id="
                + clientId + "&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8)
                + "&response_type=code&scope=openid");
        assertEquals(200, page.status(), page::toString);
        lastCsp = page.header("Content-Security-Policy").orElse("");
        return page.html();
    }

    /** Registers a client the way an outsider with an initial access token can, with login page attributes. */
    private static String register(WeChatSandbox wechat, KeycloakServer server, String realm) throws Exception {
        JsonNode initial = wechat.admin().post("/" + realm + "/clients-initial-access",
                Map.of("count", 1, "expiration", 600)).expect(201, 200).body();
        String token = initial.path("token").asText();
        ObjectNode client = JSON.createObjectNode()
                .put("clientId", "registered-" + System.nanoTime())
                .put("publicClient", true);
        client.putArray("redirectUris").add(REDIRECT);
        ObjectNode attributes = client.putObject("attributes");
        attributes.put("wechat.loginPage.leftMode", "iframe");
        attributes.put("wechat.loginPage.leftIframeUrl", PHISH);
        attributes.put("wechat.loginPage.footerMarkdown", "[Reset password here](" + RESET + ")");
        attributes.put("wechat.loginPage.leftHtml", "<p>client-html-marker</p>");
        attributes.put("wechat.loginPage.useRealmName", "false");
        attributes.put("wechat.loginPage.systemName", "Registered brand");
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.realmUrl(realm) + "/clients-registrations/default"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(client.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        JsonNode registered = JSON.readTree(created.body());
        assertEquals(PHISH, registered.path("attributes").path("wechat.loginPage.leftIframeUrl").asText(),
                "Keycloak's client registration stores the attributes as sent: " + created.body());
        return registered.path("clientId").asText();
    }
}
