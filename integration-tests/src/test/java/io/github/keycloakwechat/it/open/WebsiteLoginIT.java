package io.github.keycloakwechat.it.open;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakwechat.it.support.Chromium;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.it.support.WebsiteLogin;
import io.github.keycloakwechat.open.WeChatOpenSetting;
import io.github.keycloakwechat.sandbox.SandboxApp;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Open Platform website login (wechat-open) on the real Keycloak: the browser goes to WeChat's QR page, the phone
 * confirms, the code comes back and is exchanged server-side, and the app gets tokens with WeChat's claims.
 */
@KeycloakTest
class WebsiteLoginIT {

    private static final String ALIAS = WeChatRealm.WEBSITE_ALIAS;

    @Test
    void aWebsiteLoginInChromiumLandsOnTheAppWithTheMappedClaims(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        SandboxApp website = realm.addWebsiteProvider(wechat.sandbox(), true, Map.of());
        mapClaims(wechat, realm);
        OidcClientFlow app = realm.client();
        OidcClientFlow.AuthorizationRequest request = app.newAuthorizationRequest();
        try (Chromium chromium = Chromium.start()) {
            chromium.open(request.uri().toString());
            chromium.await(By.id("social-" + ALIAS)).click();
            chromium.await(By.id("confirm-alice"));
            chromium.screenshot("wechat-open-qrconnect");
            chromium.await(By.id("confirm-alice")).click();
            String landed = chromium.waitUpTo(Duration.ofSeconds(15))
                    .until(d -> app.isCallback(URI.create(d.getCurrentUrl())) ? d.getCurrentUrl() : null);
            JsonNode claims = app.finish(request, URI.create(landed)).idTokenClaims();

            String openid = wechat.sandbox().state().openidOf("alice", website.appId());
            JsonNode user = realm.userLinkedTo(ALIAS, openid);
            assertNotNull(user, "the login created a user linked to alice's openid of the website app");
            assertEquals(user.path("id").asText(), claims.path("sub").asText());
            assertEquals(wechat.sandbox().state().unionidOf("alice"), claims.path("wechat_unionid").asText(), claims::toString);
            String nickname = wechat.sandbox().state().user("alice").orElseThrow().nickname();
            assertEquals(nickname, claims.path("family_name").asText(),
                    () -> "the WeChat attribute importer mapped nickname to lastName: " + claims);
            assertEquals(List.of(website.appId() + ":" + openid),
                    wechat.admin().mapper().convertValue(user.path("attributes").path("wechat_openids"), List.class));
        }
    }

    @Test
    void theStateIsShortAndTheParametersComeInWeChatsOrder(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        SandboxApp website = realm.addWebsiteProvider(wechat.sandbox(), true,
                Map.of(WeChatOpenSetting.LANGUAGE.key(), "en"));
        URI authorize = WebsiteLogin.start(new HttpBrowser(), realm.client(), ALIAS).authorizeUri();

        assertEquals(wechat.sandbox().baseUrl() + "/connect/qrconnect", authorize.getScheme() + "://"
                + authorize.getRawAuthority() + authorize.getRawPath());
        assertEquals("wechat_redirect", authorize.getRawFragment());
        List<String> names = new ArrayList<>();
        String state = null;
        for (String pair : authorize.getRawQuery().split("&")) {
            String name = pair.substring(0, pair.indexOf('='));
            String value = URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8);
            names.add(name);
            if (name.equals("state")) {
                state = value;
            }
            if (name.equals("appid")) {
                assertEquals(website.appId(), value);
            }
            if (name.equals("scope")) {
                assertEquals("snsapi_login", value);
            }
        }
        assertEquals(List.of("appid", "redirect_uri", "response_type", "scope", "state", "lang"), names);
        assertNotNull(state);
        int stateBytes = state.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(stateBytes <= 128, () -> "state of " + stateBytes + " bytes");
    }

    @Test
    void aReusedUnknownOrRefusedCodeGivesAnErrorPageAndNoSession(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        realm.addWebsiteProvider(wechat.sandbox(), true, Map.of());

        // A code WeChat already redeemed (WeChat's 40163): a first login uses it, a second login presents it again.
        HttpBrowser first = new HttpBrowser();
        WebsiteLogin firstLogin = WebsiteLogin.start(first, realm.client(), ALIAS);
        URI back = firstLogin.confirmAs("bob");
        String code = query(back, "code");
        assertTrue(firstLogin.returnTo(back).isRedirect(), "the first use of the code signs bob in");
        int users = realm.userCount();

        assertFailsWithoutSession(realm, wechat, code, "The WeChat authorization expired or was already used");
        assertFailsWithoutSession(realm, wechat, "no-such-code", "The WeChat authorization expired or was already used");

        // WeChat refuses the exchange itself: a wrong AppSecret (40125) is the admin's to fix.
        wechat.phone().fault(Map.of("api", "sns/oauth2/access_token", "errcode", 40125));
        try {
            assertFailsWithoutSession(realm, wechat, null, "not configured correctly");
        } finally {
            wechat.phone().clearFaults();
        }
        assertTrue(wechat.server().readLog().contains("errcode 40125"), "the server log names WeChat's errcode");
        assertEquals(users, realm.userCount(), "no failed login created a user");
    }

    /**
     * A fresh login whose way back from WeChat carries {@code code} (or, when null, a code WeChat just issued): it
     * must end on Keycloak's error page with {@code message}, a link back, and no Keycloak session cookie.
     */
    private static void assertFailsWithoutSession(WeChatRealm realm, WeChatSandbox wechat, String code, String message) {
        HttpBrowser browser = new HttpBrowser();
        WebsiteLogin login = WebsiteLogin.start(browser, realm.client(), ALIAS);
        URI back = login.confirmAs("carol");
        URI presented = code == null ? back : URI.create(back.toString().replace("code=" + query(back, "code"),
                "code=" + code));
        HttpBrowser.Page page = login.returnTo(presented);
        assertFalse(page.isRedirect() && realm.client().isCallback(page.location()), "the login must not reach the app");
        assertTrue(page.body().contains(message), () -> page + "\n" + page.body());
        assertTrue(page.html().select("a[href]").size() > 0, "the error page offers a way back");
        assertTrue(browser.cookie(wechat.server().realmUrl(realm.name()) + "/", "KEYCLOAK_IDENTITY").isEmpty(),
                "no Keycloak session after a failed WeChat login");
    }

    /** The app's ID token carries wechat_unionid; the WeChat attribute importer maps nickname to lastName. */
    static void mapClaims(WeChatSandbox wechat, WeChatRealm realm) {
        String clientUuid = wechat.admin().findClient(realm.name(), WeChatRealm.CLIENT_ID).path("id").asText();
        wechat.admin().post("/" + realm.name() + "/clients/" + clientUuid + "/protocol-mappers/models", Map.of(
                "name", "wechat_unionid", "protocol", "openid-connect", "protocolMapper", "oidc-usermodel-attribute-mapper",
                "config", Map.of("user.attribute", "wechat_unionid", "claim.name", "wechat_unionid",
                        "id.token.claim", "true", "access.token.claim", "true", "jsonType.label", "String"))).expect(201);
        wechat.admin().post("/" + realm.name() + "/identity-provider/instances/" + ALIAS + "/mappers", Map.of(
                "name", "nickname", "identityProviderAlias", ALIAS, "identityProviderMapper", "wechat-user-attribute-mapper",
                "config", Map.of("syncMode", "FORCE", "jsonField", "nickname", "userAttribute", "lastName"))).expect(201);
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
