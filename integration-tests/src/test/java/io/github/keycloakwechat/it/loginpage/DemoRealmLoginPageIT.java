package io.github.keycloakwechat.it.loginpage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** The demo realm import ({@code realm-config/demo-realm.json}) brings the configured wechat login page. */
@KeycloakTest
class DemoRealmLoginPageIT {

    private static final Path DEMO_REALM = Path.of("..", "realm-config", "demo-realm.json");

    @Test
    void theDemoRealmShowsItsLoginPageAndItsSettingsInTheTab(KeycloakServer server, AdminClient admin) throws IOException {
        ObjectNode realm = (ObjectNode) admin.mapper().readTree(Files.readString(DEMO_REALM));
        String name = "demo-login-page-" + Long.toHexString(System.nanoTime());
        realm.put("realm", name);
        try (AdminClient.TemporaryRealm imported = admin.createTemporaryRealm(realm)) {
            HttpBrowser browser = new HttpBrowser().acceptLanguage("zh-CN");
            // What the account console's sign-in does (the demo's "sign in" link): authorization code with PKCE.
            OidcClientFlow accountConsole = new OidcClientFlow(server.baseUrl(), name, "account-console",
                    server.realmUrl(name) + "/account/");
            HttpBrowser.Page login = browser.followRedirects(browser.get(accountConsole.newAuthorizationRequest().uri()));
            assertEquals(200, login.status(), login::toString);
            Document html = login.html();
            assertNotNull(html.selectFirst("body.wechat-custom"), login.body());
            assertEquals("keycloak-wechat 演示 Demo", html.selectFirst("#kc-header-wrapper").text());
            assertEquals("true", html.selectFirst("#wechat-tab-qr").attr("aria-selected"), "the QR tab opens first");
            assertEquals("微信扫码登录", html.selectFirst("#wechat-tab-qr").text());
            assertNotNull(html.selectFirst("#wechat-footer a[href='https://beian.miit.gov.cn/']"), login.body());

            JsonNode tabs = admin.get("/" + imported.name()
                    + "/components?type=org.keycloak.services.ui.extend.UiTabProvider").expect(200).body();
            String buttonColor = null;
            for (JsonNode tab : tabs) {
                if ("wechat-login-page".equals(tab.path("providerId").asText())) {
                    buttonColor = tab.path("config").path("buttonBackgroundColor").path(0).asText();
                }
            }
            assertEquals("#057a42", buttonColor, "the admin console tab shows the imported settings");
        }
    }
}
