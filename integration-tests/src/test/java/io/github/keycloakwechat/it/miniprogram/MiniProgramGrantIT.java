package io.github.keycloakwechat.it.miniprogram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakwechat.broker.SharedSetting;
import io.github.keycloakwechat.it.support.FirstBrokerLoginFlows;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.MiniProgramClient;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.it.support.WebsiteLogin;
import io.github.keycloakwechat.miniprogram.MiniProgramGrantTypeFactory;
import io.github.keycloakwechat.miniprogram.MiniProgramSetting;
import io.github.keycloakwechat.sandbox.SandboxApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Mini Program signs in with real HTTP calls to Keycloak's token endpoint, as {@code wx.request} makes them: the
 * {@code wx.login()} code in, Keycloak's own access, refresh and ID tokens out, for the same person as on the website.
 */
@KeycloakTest
class MiniProgramGrantIT {

    @Test
    void aFirstCallCreatesTheUserAndTheSamePersonIsOneUserOnTheWebsite(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        SandboxApp mini = realm.addMiniProgramProvider(wechat.sandbox(), true, Map.of());
        realm.addWebsiteProvider(wechat.sandbox(), true, Map.of());
        FirstBrokerLoginFlows.useUnionidLinking(wechat.admin(), realm.name());
        mapUnionidClaim(wechat, realm, WeChatRealm.MINI_CLIENT_ID);
        MiniProgramClient client = miniClient(wechat, realm);

        MiniProgramClient.Answer answer = client.signIn(loginCode(wechat, mini, "alice"), null);

        assertEquals(200, answer.status(), answer::body);
        for (String token : List.of("access_token", "refresh_token", "id_token")) {
            assertFalse(answer.json().path(token).asText("").isEmpty(), token + " in " + answer.body());
        }
        JsonNode claims = OidcClientFlow.decodeJwtPayload(answer.json().path("id_token").asText());
        assertEquals(wechat.sandbox().state().unionidOf("alice"), claims.path("wechat_unionid").asText(), claims::toString);
        String openid = wechat.sandbox().state().openidOf("alice", mini.appId());
        assertEquals(realm.userLinkedTo(WeChatRealm.MINI_ALIAS, openid).path("id").asText(), claims.path("sub").asText());

        String onTheWebsite = WebsiteLogin.start(new HttpBrowser(), realm.client(), WeChatRealm.WEBSITE_ALIAS)
                .completeAs("alice").idTokenClaims().path("sub").asText();
        assertEquals(claims.path("sub").asText(), onTheWebsite, "the website login found the Mini Program's user");
        assertEquals(1, realm.userCount());

        MiniProgramClient.Answer refreshed = client.refresh(answer.json().path("refresh_token").asText());
        assertEquals(200, refreshed.status(), refreshed::body);
        assertEquals(claims.path("sub").asText(),
                OidcClientFlow.decodeJwtPayload(refreshed.json().path("access_token").asText()).path("sub").asText());
    }

    @Test
    void theDiscoveryDocumentListsTheGrantAndOnlyABoundClientMayUseIt(WeChatSandbox wechat) throws Exception {
        WeChatRealm realm = wechat.realm("plain");
        SandboxApp mini = realm.addMiniProgramProvider(wechat.sandbox(), true, Map.of());
        JsonNode discovery = wechat.admin().mapper().readTree(new HttpBrowser()
                .get(wechat.server().realmUrl(realm.name()) + "/.well-known/openid-configuration").body());
        assertTrue(wechat.admin().mapper().convertValue(discovery.path("grant_types_supported"), List.class)
                .contains(MiniProgramGrantTypeFactory.GRANT_TYPE), discovery::toString);

        MiniProgramClient.Answer unbound = new MiniProgramClient(wechat.server().realmUrl(realm.name()),
                WeChatRealm.CLIENT_ID).signIn(loginCode(wechat, mini, "bob"), null);
        assertEquals(400, unbound.status(), unbound::body);
        assertEquals("unauthorized_client", unbound.error(), unbound::body);
        assertEquals(0, realm.userCount());
    }

    @Test
    void aReusedCodeAndAnUnboundPersonWithNewUsersRefusedGetInvalidGrant(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        SandboxApp mini = realm.addMiniProgramProvider(wechat.sandbox(), true,
                Map.of(SharedSetting.NEW_USERS.key(), "refuse"));
        MiniProgramClient client = miniClient(wechat, realm);

        String code = loginCode(wechat, mini, "carol");
        MiniProgramClient.Answer refused = client.signIn(code, null);
        assertEquals(400, refused.status(), refused::body);
        assertEquals("invalid_grant", refused.error());
        assertTrue(refused.description().contains("not bound"), refused::body);

        MiniProgramClient.Answer reused = client.signIn(code, null);
        assertEquals("invalid_grant", reused.error(), reused::body);
        assertTrue(reused.description().contains("already used"), reused::body);
        assertEquals(0, realm.userCount(), "no user was created");
    }

    @Test
    void anExpiredCodeWeChatsRiskControlAndRateLimitEachGetTheirOAuthError(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        SandboxApp mini = realm.addMiniProgramProvider(wechat.sandbox(), true, Map.of());
        MiniProgramClient client = miniClient(wechat, realm);

        String code = loginCode(wechat, mini, "bob");
        wechat.sandbox().state().advanceClock(Duration.ofMinutes(6));
        MiniProgramClient.Answer expired = client.signIn(code, null);
        assertEquals("invalid_grant", expired.error(), expired::body);
        assertTrue(expired.description().contains("wx.login()"), expired::body);

        wechat.phone().fault(Map.of("api", "jscode2session", "errcode", 40226));
        MiniProgramClient.Answer risky = client.signIn(loginCode(wechat, mini, "bob"), null);
        assertEquals("invalid_grant", risky.error(), risky::body);
        assertTrue(risky.description().contains("40226"), risky::body);

        wechat.phone().fault(Map.of("api", "jscode2session", "errcode", 45011));
        MiniProgramClient.Answer limited = client.signIn(loginCode(wechat, mini, "bob"), null);
        assertEquals(503, limited.status(), limited::body);
        assertEquals("temporarily_unavailable", limited.error(), limited::body);
        assertEquals(0, realm.userCount());
        assertTrue(wechat.server().readLog().contains("errcode 45011"), "the server log names WeChat's errcode");
    }

    @Test
    void aBrowserLoginWithTheMiniProgramProviderShowsAPageThatSaysWhere(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        realm.addMiniProgramProvider(wechat.sandbox(), true, Map.of());
        HttpBrowser browser = new HttpBrowser();
        HttpBrowser.Page page = browser.followRedirects(browser.get(realm.client()
                .newAuthorizationRequest(Map.of("kc_idp_hint", WeChatRealm.MINI_ALIAS)).uri()));
        assertEquals(400, page.status(), page::toString);
        assertTrue(page.body().contains("inside the Mini Program"), page::body);

        HttpBrowser.Page endpoint = browser.get(wechat.server().realmUrl(realm.name()) + "/broker/"
                + WeChatRealm.MINI_ALIAS + "/endpoint?code=anything&state=anything");
        assertEquals(400, endpoint.status(), endpoint::toString);
        assertTrue(endpoint.body().contains("inside the Mini Program"), endpoint::body);
    }

    @Test
    void aVerifiedPhoneLinksTheOneUserWithThatNumberAndTwoAreRefused(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        SandboxApp mini = realm.addMiniProgramProvider(wechat.sandbox(), false,
                Map.of(MiniProgramSetting.PHONE_SIGN_IN.key(), "link", SharedSetting.NEW_USERS.key(), "refuse"));
        realm.declareAdminAttribute("phoneNumber");
        String alicePhone = wechat.sandbox().state().user("alice").orElseThrow().purePhoneNumber();
        String existing = realm.createUserWith("alice-at-the-shop", "phoneNumber", alicePhone);
        MiniProgramClient client = miniClient(wechat, realm);

        MiniProgramClient.Answer linked = client.signIn(loginCode(wechat, mini, "alice"),
                wechat.sandbox().state().mintMiniProgramPhoneCode(mini.appId(), "alice"));

        assertEquals(200, linked.status(), linked::body);
        assertEquals(existing, OidcClientFlow.decodeJwtPayload(linked.json().path("access_token").asText()).path("sub").asText());
        assertNotNull(realm.userLinkedTo(WeChatRealm.MINI_ALIAS, wechat.sandbox().state().openidOf("alice", mini.appId())));

        String bobPhone = wechat.sandbox().state().user("bob").orElseThrow().purePhoneNumber();
        realm.createUserWith("bob-one", "phoneNumber", bobPhone);
        realm.createUserWith("bob-two", "phoneNumber", bobPhone);
        MiniProgramClient.Answer ambiguous = client.signIn(loginCode(wechat, mini, "bob"),
                wechat.sandbox().state().mintMiniProgramPhoneCode(mini.appId(), "bob"));
        assertEquals("invalid_grant", ambiguous.error(), ambiguous::body);
        assertTrue(ambiguous.description().contains("Several accounts"), ambiguous::body);
        assertEquals(3, realm.userCount(), "nobody was created or linked by guess");
    }

    @Test
    void theSessionKeyAppearsInNoAnswerNoAttributeAndNoLogLine(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        SandboxApp mini = realm.addMiniProgramProvider(wechat.sandbox(), true, Map.of());
        int mark = wechat.server().logMark();
        MiniProgramClient.Answer answer = miniClient(wechat, realm).signIn(loginCode(wechat, mini, "alice"), null);
        assertEquals(200, answer.status(), answer::body);

        List<String> sessionKeys = wechat.sandbox().state().issuedSessionKeys();
        assertFalse(sessionKeys.isEmpty(), "the sandbox issued a session_key for this login");
        JsonNode user = realm.userLinkedTo(WeChatRealm.MINI_ALIAS, wechat.sandbox().state().openidOf("alice", mini.appId()));
        String log = wechat.server().logSince(mark);
        for (String sessionKey : sessionKeys) {
            assertFalse(answer.body().contains(sessionKey), "the token response");
            assertFalse(user.toString().contains(sessionKey), "the user's attributes");
            assertFalse(log.contains(sessionKey), "the server log");
        }
        assertFalse(answer.body().contains("session_key") || user.toString().contains("session_key"));
    }

    private static MiniProgramClient miniClient(WeChatSandbox wechat, WeChatRealm realm) {
        return new MiniProgramClient(wechat.server().realmUrl(realm.name()), WeChatRealm.MINI_CLIENT_ID);
    }

    private static String loginCode(WeChatSandbox wechat, SandboxApp mini, String user) {
        return wechat.sandbox().state().mintMiniProgramLoginCode(mini.appId(), user);
    }

    private static void mapUnionidClaim(WeChatSandbox wechat, WeChatRealm realm, String clientId) {
        String clientUuid = wechat.admin().findClient(realm.name(), clientId).path("id").asText();
        wechat.admin().post("/" + realm.name() + "/clients/" + clientUuid + "/protocol-mappers/models", Map.of(
                "name", "wechat_unionid", "protocol", "openid-connect", "protocolMapper", "oidc-usermodel-attribute-mapper",
                "config", Map.of("user.attribute", "wechat_unionid", "claim.name", "wechat_unionid",
                        "id.token.claim", "true", "access.token.claim", "true", "jsonType.label", "String"))).expect(201);
    }

}
