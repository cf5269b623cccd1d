package io.github.keycloakwechat.it.wecom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.it.support.BrowserFlows;
import io.github.keycloakwechat.it.support.FirstBrokerLoginFlows;
import io.github.keycloakwechat.it.support.Chromium;
import io.github.keycloakwechat.it.support.Html;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.sandbox.SandboxWeCom;
import io.github.keycloakwechat.sandbox.SandboxWeComApp;
import io.github.keycloakwechat.wecom.WeComMemberLinkAuthenticatorFactory;
import io.github.keycloakwechat.wecom.WeComSetting;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * WeCom (企业微信) on the real Keycloak: web login by WeCom's QR from a desktop browser, OAuth inside the WeCom client
 * (silent, or with mobile and email after consent), the silent browser flow, linking by mobile, and the refusals.
 */
@KeycloakTest
class WeComLoginIT {

    private static final String ALIAS = WeChatRealm.WECOM_ALIAS;
    private static final String CORP = SandboxWeCom.DEFAULT_CORP_ID;
    private static final Map<String, String> PRIVATEINFO = Map.of(WeComSetting.IN_CLIENT_SCOPE.key(), "snsapi_privateinfo");

    @Test
    void webQrLoginInChromiumGivesTheAppTheMembersNameAndUseridAsUsername(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        realm.addWeComProvider(wechat.sandbox(), Map.of(WeComSetting.USERNAME_IS_USERID.key(), "true"));
        OidcClientFlow app = realm.client();
        OidcClientFlow.AuthorizationRequest request = app.newAuthorizationRequest();
        try (Chromium chromium = Chromium.start()) {
            chromium.open(request.uri().toString());
            chromium.await(By.id("social-" + ALIAS)).click();
            chromium.await(By.id("confirm-zhangsan"));
            chromium.screenshot("wecom-web-login");
            chromium.await(By.id("confirm-zhangsan")).click();
            String landed = chromium.waitUpTo(Duration.ofSeconds(15))
                    .until(d -> app.isCallback(URI.create(d.getCurrentUrl())) ? d.getCurrentUrl() : null);
            JsonNode claims = app.finish(request, URI.create(landed)).idTokenClaims();
            assertEquals("张三", claims.path("given_name").asText(), claims::toString);
            assertEquals("zhangsan", claims.path("preferred_username").asText(), claims::toString);
            assertEquals(realm.userLinkedTo(ALIAS, "zhangsan").path("id").asText(), claims.path("sub").asText());
        }
    }

    @Test
    void inTheClientPrivateinfoDeliversMobileAndEmailAndAMemberWithoutEmailSignsIn(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        realm.addWeComProvider(wechat.sandbox(), PRIVATEINFO);
        realm.declareAdminAttribute("phoneNumber");
        wechat.admin().post("/" + realm.name() + "/identity-provider/instances/" + ALIAS + "/mappers", Map.of(
                "name", "mobile", "identityProviderAlias", ALIAS, "identityProviderMapper", "wechat-user-attribute-mapper",
                "config", Map.of("syncMode", "FORCE", "jsonField", "mobile", "userAttribute", "phoneNumber"))).expect(201);

        HttpBrowser.Page zhangsan = inClient(wechat, realm, "zhangsan", true);
        assertTrue(landed(realm, zhangsan), zhangsan::toString);
        JsonNode user = realm.userLinkedTo(ALIAS, "zhangsan");
        assertEquals("zhangsan@example.com", user.path("email").asText(), user::toString);
        assertEquals("13800000011", user.path("attributes").path("phoneNumber").path(0).asText(), user::toString);

        HttpBrowser.Page lisi = inClient(wechat, realm, "lisi", true);
        assertTrue(landed(realm, lisi), () -> "a member without email signs in: " + lisi + "\n" + Html.abbreviate(lisi.body()));
        assertTrue(realm.userLinkedTo(ALIAS, "lisi").path("email").isMissingNode());
    }

    @Test
    void insideWeComTheSilentFlowSignsInWithoutAPageAndADesktopBrowserSeesTheLoginPage(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        realm.addWeComProvider(wechat.sandbox(), Map.of());
        BrowserFlows.useSilentWeComLogin(wechat.admin(), realm.name(), ALIAS);
        wechat.sandbox().state().setWeComClientUser(CORP, "wangwu");

        HttpBrowser inWeCom = new HttpBrowser().userAgent(HttpBrowser.WECOM_USER_AGENT);
        HttpBrowser.Page last = inWeCom.followRedirects(inWeCom.get(realm.client().newAuthorizationRequest().uri()),
                realm.client()::isCallback);
        assertTrue(landed(realm, last), () -> "signed in silently: " + last + "\n" + Html.abbreviate(last.body()));
        assertNotNull(realm.userLinkedTo(ALIAS, "wangwu"));

        HttpBrowser desktop = new HttpBrowser();
        HttpBrowser.Page page = desktop.followRedirects(desktop.get(realm.client().newAuthorizationRequest().uri()));
        assertEquals(200, page.status(), page::toString);
        assertNotNull(page.html().selectFirst("input#username"), "the same URL in a desktop browser shows the login page");
    }

    @Test
    void theLinkAuthenticatorLinksByMobileRefusesTwoMatchesAndHonoursItsNoMatchSwitch(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        realm.addWeComProvider(wechat.sandbox(), PRIVATEINFO);
        FirstBrokerLoginFlows.useLinking(wechat.admin(), realm.name(), WeComMemberLinkAuthenticatorFactory.PROVIDER_ID,
                Map.of("linkBy", "mobile", "onNoMatch", "refuse"));
        realm.declareAdminAttribute("phoneNumber");
        String existing = realm.createUserWith("zhang-at-hq", "phoneNumber", "13800000011");
        realm.createUserWith("li-one", "phoneNumber", "13800000012");
        realm.createUserWith("li-two", "phoneNumber", "13800000012");

        HttpBrowser.Page linked = inClient(wechat, realm, "zhangsan", true);
        assertTrue(landed(realm, linked), linked::toString);
        assertEquals(existing, realm.userLinkedTo(ALIAS, "zhangsan").path("id").asText());

        HttpBrowser.Page ambiguous = inClient(wechat, realm, "lisi", true);
        assertFalse(landed(realm, ambiguous), ambiguous::toString);
        assertTrue(ambiguous.body().contains("Several accounts here match"), ambiguous::body);

        HttpBrowser.Page refused = inClient(wechat, realm, "wangwu", true);
        assertTrue(refused.body().contains("not bound to an account here"), refused::body);
        assertEquals(3, realm.userCount(), "no match and 'refuse': nobody was created");

        WeChatRealm creating = wechat.realm("plain");
        creating.addWeComProvider(wechat.sandbox(), PRIVATEINFO);
        FirstBrokerLoginFlows.useLinking(wechat.admin(), creating.name(), WeComMemberLinkAuthenticatorFactory.PROVIDER_ID,
                Map.of("linkBy", "mobile", "onNoMatch", "create"));
        HttpBrowser.Page created = inClient(wechat, creating, "wangwu", true);
        assertTrue(landed(creating, created), created::toString);
        assertEquals(1, creating.userCount(), "no match and 'create': wangwu got an account");
    }

    @Test
    void onWebQrLoginTheUsernameOptionLinksTheUserNamedLikeTheUserid(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        realm.addWeComProvider(wechat.sandbox(), Map.of());
        FirstBrokerLoginFlows.useLinking(wechat.admin(), realm.name(), WeComMemberLinkAuthenticatorFactory.PROVIDER_ID,
                Map.of("linkBy", "both", "linkByUsername", "true"));
        String directory = wechat.admin().createUserWithPassword(realm.name(), "wangwu", "Passw0rd!");

        HttpBrowser.Page landedPage = webLogin(wechat, realm, "wangwu");

        assertTrue(landed(realm, landedPage), landedPage::toString);
        assertEquals(directory, realm.userLinkedTo(ALIAS, "wangwu").path("id").asText());
        assertEquals(1, realm.userCount());
    }

    @Test
    void aNonMemberIsRefusedAndWeComsIpErrorGivesItsPage(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        realm.addWeComProvider(wechat.sandbox(), Map.of());

        HttpBrowser.Page outsider = webLogin(wechat, realm, "outsider");
        assertFalse(landed(realm, outsider), outsider::toString);
        assertTrue(outsider.body().contains("not a member of this organisation"), outsider::body);

        // The app's token may be cached already: WeCom answers 60020 from whichever call comes from an untrusted IP.
        wechat.phone().fault(Map.of("api", "auth/getuserinfo", "errcode", 60020));
        try {
            HttpBrowser.Page blocked = webLogin(wechat, realm, "zhangsan");
            assertFalse(landed(realm, blocked), blocked::toString);
            assertTrue(blocked.body().contains("its IP address is not on the app"), blocked::body);
        } finally {
            wechat.phone().clearFaults();
        }
        assertTrue(wechat.server().readLog().contains("errcode 60020"), "the server log names WeCom's errcode");
        assertEquals(0, realm.userCount());
    }

    @Test
    void fiftyConcurrentLoginsShareOneAccessToken(WeChatSandbox wechat) throws Exception {
        WeChatRealm realm = wechat.realm("plain");
        // An app of its own (own secret), so no earlier test warmed this node's token cache for it.
        SandboxWeComApp app = SandboxWeComApp.of(CORP, 1000099, "concurrency-secret-" + realm.name(), "Concurrency");
        wechat.sandbox().state().putWeComApp(app);
        realm.addWeComProvider(wechat.sandbox(), Map.of(WeComSetting.AGENT_ID.key(), app.agentId()));
        ObjectNode idp = (ObjectNode) wechat.admin().getIdentityProvider(realm.name(), ALIAS);
        ((ObjectNode) idp.get("config")).put("clientSecret", app.secret());
        wechat.admin().updateIdentityProvider(realm.name(), idp);
        String userId = wechat.admin().createUserWithPassword(realm.name(), "zhang", "Passw0rd!");
        wechat.admin().post("/" + realm.name() + "/users/" + userId + "/federated-identity/" + ALIAS,
                Map.of("identityProvider", ALIAS, "userId", "zhangsan", "userName", "zhangsan")).expect(204);
        wechat.sandbox().state().setWeComClientUser(CORP, "zhangsan");

        int before = wechat.sandbox().state().calls("gettoken");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<HttpBrowser.Page>> logins = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                logins.add(pool.submit(() -> inClient(wechat, realm, "zhangsan", false)));
            }
            for (Future<HttpBrowser.Page> login : logins) {
                HttpBrowser.Page page = login.get();
                assertTrue(landed(realm, page), page::toString);
            }
        } finally {
            pool.shutdownNow();
        }
        int tokenCalls = wechat.sandbox().state().calls("gettoken") - before;
        System.out.println("[measure] gettoken calls for 50 concurrent WeCom logins: " + tokenCalls);
        assertEquals(1, tokenCalls, "one gettoken for 50 logins");
    }

    /** A desktop login by WeCom's web QR, confirmed on the phone as {@code member}; stops at the app if it gets there. */
    private static HttpBrowser.Page webLogin(WeChatSandbox wechat, WeChatRealm realm, String member) {
        HttpBrowser browser = new HttpBrowser();
        HttpBrowser.Page login = browser.followRedirects(browser.get(realm.client().newAuthorizationRequest().uri()));
        Element button = login.html().selectFirst("a#social-" + ALIAS);
        assertNotNull(button, login::body);
        HttpBrowser.Page sso = browser.followRedirects(browser.get(login.uri().resolve(button.attr("href"))));
        assertEquals(200, sso.status(), sso::toString);
        HttpBrowser.Page back = browser.submit(sso.form("#sandbox-wwlogin-form"), Map.of("user", member));
        return browser.followRedirects(back, realm.client()::isCallback);
    }

    /** A login inside the WeCom client as {@code member}, consenting when WeCom asks (snsapi_privateinfo). */
    private static HttpBrowser.Page inClient(WeChatSandbox wechat, WeChatRealm realm, String member, boolean setUser) {
        if (setUser) {
            wechat.sandbox().state().setWeComClientUser(CORP, member);
        }
        HttpBrowser browser = new HttpBrowser().userAgent(HttpBrowser.WECOM_USER_AGENT);
        HttpBrowser.Page login = browser.followRedirects(browser.get(realm.client().newAuthorizationRequest().uri()));
        Element button = login.html().selectFirst("a#social-" + ALIAS);
        assertNotNull(button, login::body);
        HttpBrowser.Page page = browser.followRedirects(browser.get(login.uri().resolve(button.attr("href"))),
                realm.client()::isCallback);
        Element allow = page.html().selectFirst("#sandbox-allow");
        if (allow != null) {
            page = browser.followRedirects(browser.submit(page.form("form"), Map.of("action", "allow", "user", member)),
                    realm.client()::isCallback);
        }
        return page;
    }

    private static boolean landed(WeChatRealm realm, HttpBrowser.Page page) {
        return page.isRedirect() && realm.client().isCallback(page.location());
    }

}
