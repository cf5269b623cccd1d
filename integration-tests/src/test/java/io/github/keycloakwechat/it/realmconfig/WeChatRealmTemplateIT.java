package io.github.keycloakwechat.it.realmconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.MiniProgramClient;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.SandboxClient;
import io.github.keycloakwechat.it.support.WebsiteLogin;
import io.github.keycloakwechat.broker.ProviderSetting;
import io.github.keycloakwechat.broker.SharedSetting;
import io.github.keycloakwechat.miniprogram.MiniProgramSetting;
import io.github.keycloakwechat.mp.WeChatMpSetting;
import io.github.keycloakwechat.open.WeChatOpenSetting;
import io.github.keycloakwechat.sandbox.SandboxApp;
import io.github.keycloakwechat.sandbox.SandboxConfig;
import io.github.keycloakwechat.sandbox.SandboxServer;
import io.github.keycloakwechat.sandbox.SandboxWeCom;
import io.github.keycloakwechat.wecom.WeComSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production template {@code realm-config/wechat-realm.json} as an admin deploys it: put in Keycloak's
 * {@code data/import}, started with {@code --import-realm}, the deployment's values given as environment variables
 * (here: the sandbox's AppIDs and URLs), the secrets in the vault. The realm then signs people in by every WeChat
 * method without a form, links one person's WeChat apps by unionid, routes the WeChat and WeCom browsers silently, and
 * its diagnostics find nothing to fix.
 *
 * <p>This class starts its own Keycloak from a copy of the distribution ({@code --import-realm} reads only
 * {@code data/import} under the distribution), beside the shared server of the run, and stops it in {@link #stop()}.
 */
class WeChatRealmTemplateIT {

    private static final Path TEMPLATE = Path.of("..", "realm-config", "wechat-realm.json");
    private static final Path WECHAT_USER_PROFILE = Path.of("..", "realm-config", "user-profile-wechat.json");
    private static final String REALM = "wechat";
    private static final String APP_CALLBACK = "http://app.example.test/callback";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys every identity provider has besides its factory's own (Keycloak's common ones). */
    private static final Set<String> COMMON_KEYS = Set.of("clientId", "clientSecret", "syncMode");

    private static SandboxServer sandbox;
    private static KeycloakServer server;
    private static AdminClient admin;
    private static Path dist;

    @BeforeAll
    static void start() throws Exception {
        String shared = System.getProperty(KeycloakServer.DIST_DIR_PROPERTY, "");
        if (shared.isBlank()) {
            fail("-D" + KeycloakServer.DIST_DIR_PROPERTY + " is not set; this test starts its own Keycloak from the"
                    + " distribution (mvn -pl integration-tests verify -Dit.test=WeChatRealmTemplateIT)");
        }
        sandbox = SandboxServer.start(SandboxConfig.defaults().withAddress("127.0.0.1", 0));
        KeycloakServer.Options defaults = KeycloakServer.Options.forTests(Path.of(shared));
        dist = defaults.dataDir().resolveSibling("keycloak-template-dist");
        KeycloakServer.deleteRecursively(dist);
        KeycloakServer.copyTree(Path.of(shared), dist);
        KeycloakServer.deleteRecursively(dist.resolve("data")); // e.g. the demo's realm file, when it ran here
        Files.createDirectories(dist.resolve("data/import"));
        Files.copy(TEMPLATE, dist.resolve("data/import").resolve(TEMPLATE.getFileName()));

        List<String> startOptions = new ArrayList<>(defaults.extraStartOptions());
        startOptions.add("--import-realm");
        server = KeycloakServer.start(KeycloakServer.Options.forTests(dist)
                .withDataDirAndLog(defaults.dataDir().resolveSibling("keycloak-template-it-data"),
                        defaults.logFile().resolveSibling("keycloak-template-server.log"))
                .withExtraStartOptions(startOptions)
                .withEnvironment(deployment(sandbox.baseUrl())));
        admin = AdminClient.forServer(server);

        // What the README's template steps put into the vault, with this sandbox's secrets.
        SandboxApp account = sandbox.state().app(SandboxConfig.DEFAULT_SERVICE_ACCOUNT_APP_ID).orElseThrow()
                .withCallbackUrl(server.realmUrl(REALM) + "/wechat/push/wechat-mp");
        sandbox.state().putApp(account);
        server.writeVaultSecret(REALM, "wechat_mp_secret", account.appSecret());
        server.writeVaultSecret(REALM, "wechat_token", account.token());
        server.writeVaultSecret(REALM, "wechat_aes_key", account.encodingAesKey());
        server.writeVaultSecret(REALM, "wechat_open_secret",
                sandbox.state().app(SandboxConfig.DEFAULT_WEBSITE_APP_ID).orElseThrow().appSecret());
        server.writeVaultSecret(REALM, "wechat_miniprogram_secret",
                sandbox.state().app(SandboxConfig.DEFAULT_MINI_PROGRAM_APP_ID).orElseThrow().appSecret());
        server.writeVaultSecret(REALM, "wecom_secret", SandboxWeCom.DEFAULT_SECRET);
    }

    /** The deployment's values, as the README's table of environment variables names them. */
    private static Map<String, String> deployment(String sandboxUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("WECHAT_MP_APPID", SandboxConfig.DEFAULT_SERVICE_ACCOUNT_APP_ID);
        env.put("WECHAT_OPEN_ENABLED", "true");
        env.put("WECHAT_OPEN_APPID", SandboxConfig.DEFAULT_WEBSITE_APP_ID);
        env.put("WECOM_ENABLED", "true");
        env.put("WECOM_CORPID", SandboxConfig.DEFAULT_WECOM_CORP_ID);
        env.put("WECOM_AGENTID", SandboxConfig.DEFAULT_WECOM_AGENT_ID);
        env.put("WECHAT_MINIPROGRAM_ENABLED", "true");
        env.put("WECHAT_MINIPROGRAM_APPID", SandboxConfig.DEFAULT_MINI_PROGRAM_APP_ID);
        env.put("WECHAT_API_BASE_URL", sandboxUrl);
        env.put("WECHAT_OAUTH_BASE_URL", sandboxUrl);
        env.put("WECHAT_WXLOGIN_SCRIPT_URL", sandboxUrl + "/connect/zh_CN/htmledition/js/wxLogin.js");
        env.put("WECOM_API_BASE_URL", sandboxUrl);
        env.put("WECOM_LOGIN_BASE_URL", sandboxUrl);
        env.put("WECHAT_APP_REDIRECT_URI", "http://app.example.test/*");
        env.put("WECHAT_SITE_NAME", "示例大学统一身份认证");
        return env;
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
            if (dist != null) {
                KeycloakServer.deleteRecursively(dist);
            }
        }
    }

    @Test
    void keycloakImportedTheTemplateWithTheDeploymentsValuesAndTheSecretsLeftInTheVault() throws Exception {
        assertTrue(server.readLog().contains("Realm '" + REALM + "' imported"), () -> server.logTail(40));
        JsonNode realm = admin.get("/" + REALM).expect(200).body();
        assertEquals("示例大学统一身份认证", realm.path("displayName").asText(), "an environment variable");
        assertEquals("wechat", realm.path("loginTheme").asText());
        assertEquals("wechat browser", realm.path("browserFlow").asText());
        assertEquals("wechat first broker login", realm.path("firstBrokerLoginFlow").asText());

        Map<String, ProviderSetting[]> settings = Map.of("wechat-mp", WeChatMpSetting.values(),
                "wechat-open", WeChatOpenSetting.values(), "wecom", WeComSetting.values(),
                "wechat-miniprogram", MiniProgramSetting.values());
        JsonNode providers = admin.get("/" + REALM + "/identity-provider/instances").expect(200).body();
        assertEquals(4, providers.size(), providers::toString);
        for (JsonNode provider : providers) {
            String alias = provider.path("alias").asText();
            assertTrue(provider.path("enabled").asBoolean(), alias + " enabled by its environment variable");
            JsonNode config = provider.path("config");
            assertFalse(config.toString().contains("weixin.qq.com"), () -> alias + " still on WeChat's URLs: " + config);
            config.fieldNames().forEachRemaining(key -> assertTrue(COMMON_KEYS.contains(key)
                    || Stream.concat(Stream.of(settings.get(provider.path("providerId").asText())),
                            Stream.of(SharedSetting.values())).anyMatch(setting -> setting.spec().key().equals(key)),
                    () -> alias + ": the template sets '" + key + "', which the provider does not have"));
            assertTrue(config.path("apiBaseUrl").asText().equals(sandbox.baseUrl()), config::toString);
            assertFalse(config.toString().contains("${WECHAT") || config.toString().contains("${WECOM"),
                    () -> alias + ": a placeholder left unresolved: " + config);
        }
        JsonNode mp = admin.get("/" + REALM + "/identity-provider/instances/wechat-mp").expect(200).body().path("config");
        assertEquals("${vault.wechat_token}", mp.path("token").asText(), "the import leaves vault references alone");
        assertEquals("${vault.wechat_aes_key}", mp.path("encodingAesKey").asText());

        // The user profile grants every WeChat attribute the permissions of the install guide's profile.
        JsonNode profile = admin.get("/" + REALM + "/users/profile").expect(200).body();
        for (JsonNode expected : JSON.readTree(WECHAT_USER_PROFILE.toFile()).path("attributes")) {
            JsonNode actual = attribute(profile, expected.path("name").asText());
            assertEquals(expected.path("permissions"), actual.path("permissions"), actual::toString);
            assertTrue(actual.path("required").isMissingNode() || actual.path("required").isNull(), actual::toString);
        }
        assertEquals(List.of("admin"), JSON.convertValue(attribute(profile, "phoneNumber").path("permissions").path("edit"),
                List.class), "a phone number decides which account WeCom or the Mini Program enters: admins only");

        // Nothing for the admin to fix: token, QR, push URL, vault, attributes, profile, first-login flow.
        for (String alias : List.of("wechat-mp", "wechat-open", "wecom", "wechat-miniprogram")) {
            JsonNode report = admin.get("/" + REALM + "/wechat-diagnostics/" + alias).expect(200).body();
            for (JsonNode check : report.path("checks")) {
                assertFalse("problem".equals(check.path("status").asText()), () -> alias + ": " + check);
            }
        }
    }

    @Test
    void onePersonSignsInByQrWebsiteAndMiniProgramAsOneUserWithoutAForm() {
        OidcClientFlow app = new OidcClientFlow(server.baseUrl(), REALM, "app", APP_CALLBACK);
        String person = "alice";
        int usersBefore = admin.findUsers(REALM, "").size();

        // The login page is the wechat theme's, QR first.
        HttpBrowser browser = new HttpBrowser();
        HttpBrowser.Page login = browser.followRedirects(browser.get(app.newAuthorizationRequest().uri()));
        assertEquals(200, login.status(), login::toString);
        assertNotNull(login.html().selectFirst("link[href*=wechat-login.css]"), "the wechat login theme");

        QrLogin qr = QrLogin.startWithHint(new HttpBrowser(), app, "wechat-mp");
        SandboxClient.ScanResult scan = new SandboxClient(sandbox.baseUrl()).scan(person, qr.qrUrl());
        assertTrue(scan.delivered(), scan.body()::toString);
        assertEquals("scanned", qr.status("pending", 25));
        String byQr = qr.completeAndExchange().idTokenClaims().path("sub").asText();

        String byWebsite = WebsiteLogin.start(new HttpBrowser(), app, "wechat-open").completeAs(person)
                .idTokenClaims().path("sub").asText();
        assertEquals(byQr, byWebsite, "the website app's login was linked by unionid to the QR login's user");

        String code = sandbox.state().mintMiniProgramLoginCode(SandboxConfig.DEFAULT_MINI_PROGRAM_APP_ID, person);
        MiniProgramClient.Answer mini = new MiniProgramClient(server.realmUrl(REALM), "mini-app").signIn(code, null);
        assertEquals(200, mini.status(), mini::body);
        assertEquals(byQr, OidcClientFlow.decodeJwtPayload(mini.json().path("access_token").asText()).path("sub").asText(),
                "the Mini Program's login was linked by unionid too");
        assertEquals(usersBefore + 1, admin.findUsers(REALM, "").size(), "one new user for the three sign-ins");
    }

    @Test
    void insideWeComAndWeChatTheBrowserFlowGoesStraightToTheirOAuthWithoutAPage() {
        OidcClientFlow app = new OidcClientFlow(server.baseUrl(), REALM, "app", APP_CALLBACK);
        sandbox.state().setWeComClientUser(SandboxWeCom.DEFAULT_CORP_ID, "wangwu");
        HttpBrowser weCom = new HttpBrowser().userAgent(HttpBrowser.WECOM_USER_AGENT);
        OidcClientFlow.AuthorizationRequest inWeCom = app.newAuthorizationRequest();
        HttpBrowser.Page first = weCom.get(inWeCom.uri());
        assertTrue(first.isRedirect() && first.location().toString().startsWith(server.realmUrl(REALM) + "/broker/wecom/"),
                () -> "not straight to the WeCom provider: " + first);
        HttpBrowser.Page back = weCom.followRedirects(first, app::isCallback);
        assertTrue(back.isRedirect() && app.isCallback(back.location()), back::toString);
        assertFalse(app.finish(inWeCom, back.location()).idTokenClaims().path("sub").asText().isEmpty());

        HttpBrowser weChat = new HttpBrowser().userAgent(HttpBrowser.WECHAT_USER_AGENT);
        HttpBrowser.Page toWeChat = weChat.get(app.newAuthorizationRequest().uri());
        assertTrue(toWeChat.isRedirect()
                        && toWeChat.location().toString().startsWith(server.realmUrl(REALM) + "/broker/wechat-mp/"),
                () -> "not straight to the Service Account: " + toWeChat);
        HttpBrowser.Page oauth = weChat.followRedirects(toWeChat);
        assertTrue(oauth.uri().toString().startsWith(sandbox.baseUrl()), () -> "not at WeChat's OAuth: " + oauth.uri());

        HttpBrowser desktop = new HttpBrowser();
        HttpBrowser.Page page = desktop.get(app.newAuthorizationRequest().uri());
        assertEquals(200, page.status(), () -> "a desktop browser sees the login page: " + page);
    }

    /** A deployment without WeCom (its provider off): inside the WeCom client the login page, not an error. */
    @Test
    void withWeComOffTheWeComClientGetsTheLoginPage() {
        String provider = "/" + REALM + "/identity-provider/instances/wecom";
        JsonNode wecom = admin.get(provider).expect(200).body();
        admin.put(provider, Map.of("alias", "wecom", "providerId", "wecom", "enabled", false,
                "config", JSON.convertValue(wecom.path("config"), Map.class))).expect(204);
        try {
            OidcClientFlow app = new OidcClientFlow(server.baseUrl(), REALM, "app", APP_CALLBACK);
            HttpBrowser weCom = new HttpBrowser().userAgent(HttpBrowser.WECOM_USER_AGENT);
            HttpBrowser.Page page = weCom.get(app.newAuthorizationRequest().uri());
            assertEquals(200, page.status(), page::toString);
            assertNotNull(page.html().selectFirst("link[href*=wechat-login.css]"), page::body);
            assertNotNull(page.html().selectFirst("#username"), () -> "no login form: " + page.body());
        } finally {
            admin.put(provider, Map.of("alias", "wecom", "providerId", "wecom", "enabled", true,
                    "config", JSON.convertValue(wecom.path("config"), Map.class))).expect(204);
        }
    }

    private static JsonNode attribute(JsonNode profile, String name) {
        for (JsonNode attribute : profile.path("attributes")) {
            if (name.equals(attribute.path("name").asText())) {
                return attribute;
            }
        }
        throw new AssertionError("the template's user profile has no " + name + ": " + profile);
    }
}
