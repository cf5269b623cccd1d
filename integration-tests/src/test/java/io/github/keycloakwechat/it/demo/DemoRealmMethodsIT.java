package io.github.keycloakwechat.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.MiniProgramClient;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.SandboxClient;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.it.support.WebsiteLogin;
import io.github.keycloakwechat.sandbox.SandboxApp;
import io.github.keycloakwechat.sandbox.SandboxConfig;
import io.github.keycloakwechat.sandbox.SandboxWeCom;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo realm ({@code realm-config/demo-realm.json}) as the demo imports it, wired to a sandbox with the demo's
 * default accounts: its app {@code demo-app} gets tokens by every sign-in method the demo offers — Service Account
 * QR, website QR, inside WeChat, inside WeCom, and the Mini Program's code exchange.
 */
@KeycloakTest
class DemoRealmMethodsIT {

    private static final Path DEMO_REALM = Path.of("..", "realm-config", "demo-realm.json");
    private static final String DEMO_SANDBOX = "http://127.0.0.1:" + SandboxConfig.DEFAULT_PORT;

    @Test
    void theDemoAppSignsInByEveryMethod(WeChatSandbox wechat) throws Exception {
        AdminClient admin = wechat.admin();
        String name = "demo-methods-" + Long.toHexString(System.nanoTime());
        try (AdminClient.TemporaryRealm imported = importDemoRealm(wechat, name, null)) {
            int usersBefore = admin.findUsers(name, "").size();
            OidcClientFlow app = new OidcClientFlow(wechat.server().baseUrl(), name, "demo-app",
                    "http://127.0.0.1:8080/demo-app/callback");

            // Service Account QR, scanned on the sandbox phone.
            QrLogin qr = QrLogin.startWithHint(new HttpBrowser(), app, "wechat-mp");
            SandboxClient.ScanResult scan = wechat.phone().scan("alice", qr.qrUrl());
            assertTrue(scan.delivered(), scan.body()::toString);
            assertEquals("scanned", qr.status("pending", 25));
            String scanned = qr.completeAndExchange().idTokenClaims().path("sub").asText();

            // Website QR (Open Platform), as another person.
            String website = WebsiteLogin.start(new HttpBrowser(), app, "wechat-open").completeAs("bob")
                    .idTokenClaims().path("sub").asText();

            // Inside WeChat's browser: web OAuth instead of a QR.
            HttpBrowser phone = new HttpBrowser().userAgent(HttpBrowser.WECHAT_USER_AGENT);
            OidcClientFlow.AuthorizationRequest inWeChat = app.newAuthorizationRequest(Map.of("kc_idp_hint", "wechat-mp"));
            HttpBrowser.Page consent = phone.followRedirects(phone.get(inWeChat.uri()));
            assertEquals(200, consent.status(), consent::toString);
            HttpBrowser.Page back = phone.submit(consent.form("form"), Map.of("user", "alice", "action", "allow"));
            HttpBrowser.Page atApp = phone.followRedirects(back, app::isCallback);
            assertTrue(atApp.isRedirect() && app.isCallback(atApp.location()), atApp::toString);
            assertEquals(scanned, app.finish(inWeChat, atApp.location()).idTokenClaims().path("sub").asText(),
                    "inside WeChat, the same person as by the QR");

            // Inside the WeCom client: silent OAuth as the member using it.
            wechat.sandbox().state().setWeComClientUser(SandboxWeCom.DEFAULT_CORP_ID, "wangwu");
            HttpBrowser weCom = new HttpBrowser().userAgent(HttpBrowser.WECOM_USER_AGENT);
            OidcClientFlow.AuthorizationRequest inWeCom = app.newAuthorizationRequest(Map.of("kc_idp_hint", "wecom"));
            HttpBrowser.Page weComBack = weCom.followRedirects(weCom.get(inWeCom.uri()), app::isCallback);
            assertTrue(weComBack.isRedirect() && app.isCallback(weComBack.location()), weComBack::toString);
            String member = app.finish(inWeCom, weComBack.location()).idTokenClaims().path("sub").asText();

            // The Mini Program: wx.login()'s code for tokens, as the README's curl call does.
            String code = wechat.sandbox().state().mintMiniProgramLoginCode(SandboxConfig.DEFAULT_MINI_PROGRAM_APP_ID, "carol");
            MiniProgramClient.Answer mini = new MiniProgramClient(wechat.server().realmUrl(name), "mini-app").signIn(code, null);
            assertEquals(200, mini.status(), mini::body);
            assertTrue(mini.json().path("access_token").asText().length() > 20, mini::body);

            // alice (QR and in WeChat: one user), bob, wangwu and carol.
            assertEquals(usersBefore + 4, admin.findUsers(name, "").size());
            assertTrue(!scanned.equals(website) && !scanned.equals(member) && !website.equals(member));
            System.out.println("[measure] demo realm: Service Account QR, website QR, in WeChat, in WeCom and Mini Program"
                    + " sign-ins all reached demo-app");
        }
    }

    /**
     * The demo realm as the demo imports it, renamed, with the demo's sandbox URLs pointed at this test's sandbox and
     * the sandbox's default Service Account pushing to it; {@code appBaseUrl}, when given, is allowed to receive
     * {@code demo-app}'s sign-ins too.
     */
    private static AdminClient.TemporaryRealm importDemoRealm(WeChatSandbox wechat, String name, String appBaseUrl)
            throws Exception {
        ObjectNode realm = (ObjectNode) wechat.admin().mapper().readTree(Files.readString(DEMO_REALM)
                .replace(DEMO_SANDBOX, wechat.sandbox().baseUrl()));
        realm.put("realm", name);
        if (appBaseUrl != null) {
            for (JsonNode client : realm.path("clients")) {
                if ("demo-app".equals(client.path("clientId").asText())) {
                    ((ArrayNode) client.path("redirectUris")).add(appBaseUrl + "/*");
                }
            }
        }
        SandboxApp account = wechat.sandbox().state().app(SandboxConfig.DEFAULT_SERVICE_ACCOUNT_APP_ID).orElseThrow()
                .withCallbackUrl(wechat.server().realmUrl(name) + "/wechat/push/wechat-mp");
        wechat.sandbox().state().putApp(account);
        wechat.server().writeVaultSecret(name, "wechat_token", account.token());
        wechat.server().writeVaultSecret(name, "wechat_aes_key", account.encodingAesKey());
        return wechat.admin().createTemporaryRealm(realm);
    }

    /** The demo's own app: its sign-in link, a scan on the phone, and its page shows who signed in. */
    @Test
    void aScanSignsInToTheDemoAppWhichShowsTheClaims(WeChatSandbox wechat) throws Exception {
        String name = "demo-app-" + Long.toHexString(System.nanoTime());
        try (DemoApp demoApp = DemoApp.start(wechat.server().baseUrl(), name, 0);
             AdminClient.TemporaryRealm imported = importDemoRealm(wechat, name, demoApp.baseUrl())) {
            HttpBrowser browser = new HttpBrowser();
            HttpBrowser.Page home = browser.get(URI.create(demoApp.baseUrl() + "/"));
            assertEquals(200, home.status(), home::toString);
            String signIn = home.html().selectFirst("a[href='/login?hint=wechat-mp']").attr("href");
            QrLogin qr = QrLogin.onPage(browser, browser.followRedirects(browser.get(URI.create(demoApp.baseUrl() + signIn))));
            SandboxClient.ScanResult scan = wechat.phone().scan("alice", qr.qrUrl());
            assertTrue(scan.delivered(), scan.body()::toString);
            assertEquals("scanned", qr.status("pending", 25));

            HttpBrowser.Page landed = browser.followRedirects(browser.get(qr.completionUri()));
            assertEquals(200, landed.status(), landed::toString);
            assertTrue(landed.uri().toString().startsWith(demoApp.baseUrl() + "/callback"), landed.uri()::toString);
            assertTrue(landed.html().selectFirst("#demo-signed-in").text().startsWith("Signed in as"), landed::body);
            String openid = wechat.sandbox().state().openidOf("alice", SandboxConfig.DEFAULT_SERVICE_ACCOUNT_APP_ID);
            String userId = null;
            for (JsonNode user : wechat.admin().findUsers(name, "")) {
                for (JsonNode link : wechat.admin().getFederatedIdentities(name, user.path("id").asText())) {
                    if (openid.equals(link.path("userId").asText())) {
                        userId = user.path("id").asText();
                    }
                }
            }
            assertEquals(userId, landed.html().selectFirst("td[data-claim=sub]").text(), "the page shows the user's sub");
            assertFalse(landed.body().contains(openid), "the app's page shows no openid");
        }
    }
}
