package io.github.keycloakwechat.it.open;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakwechat.it.support.FirstBrokerLoginFlows;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.it.support.WebsiteLogin;
import io.github.keycloakwechat.sandbox.SandboxApp;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One person, one account across WeChat apps: the Service Account and the website app of one Open Platform account
 * give the same unionid, and "Link WeChat account by unionid" links the second login to the first user, silently.
 */
@KeycloakTest
class UnionidLinkingIT {

    @Test
    void aPersonWhoScannedTheServiceAccountAndThenUsesTheWebsiteIsOneUser(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("safe");
        SandboxApp website = realm.addWebsiteProvider(wechat.sandbox(), true, Map.of());
        FirstBrokerLoginFlows.useUnionidLinking(wechat.admin(), realm.name());

        String byScan = scanLogin(wechat, realm, "alice");
        String byWebsite = WebsiteLogin.start(new HttpBrowser(), realm.client(), WeChatRealm.WEBSITE_ALIAS)
                .completeAs("alice").idTokenClaims().path("sub").asText();

        assertEquals(byScan, byWebsite, "the website login landed in the user the Service Account created");
        assertEquals(1, realm.userCount(), "no second user");
        Set<String> links = new HashSet<>();
        for (JsonNode link : wechat.admin().getFederatedIdentities(realm.name(), byScan)) {
            links.add(link.path("identityProvider").asText() + "=" + link.path("userId").asText());
        }
        assertEquals(Set.of(WeChatRealm.ALIAS + "=" + wechat.openidOf("alice", realm),
                WeChatRealm.WEBSITE_ALIAS + "=" + wechat.sandbox().state().openidOf("alice", website.appId())), links);
    }

    @Test
    void withoutTheAuthenticatorTheSameTwoLoginsCreateTwoUsers(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("safe");
        realm.addWebsiteProvider(wechat.sandbox(), true, Map.of());

        String byScan = scanLogin(wechat, realm, "alice");
        String byWebsite = WebsiteLogin.start(new HttpBrowser(), realm.client(), WeChatRealm.WEBSITE_ALIAS)
                .completeAs("alice").idTokenClaims().path("sub").asText();

        assertNotEquals(byScan, byWebsite, "only the authenticator links accounts");
        assertEquals(2, realm.userCount());
    }

    @Test
    void aPersonWithoutAUnionidSignsInAndIsNeverLinkedByGuess(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("safe");
        SandboxApp website = realm.addWebsiteProvider(wechat.sandbox(), false, Map.of());
        FirstBrokerLoginFlows.useUnionidLinking(wechat.admin(), realm.name());

        String byScan = scanLogin(wechat, realm, "alice");
        String byWebsite = WebsiteLogin.start(new HttpBrowser(), realm.client(), WeChatRealm.WEBSITE_ALIAS)
                .completeAs("alice").idTokenClaims().path("sub").asText();

        assertNotEquals(byScan, byWebsite, "WeChat vouched for no unionid on the website, so nothing links them");
        JsonNode websiteUser = realm.userLinkedTo(WeChatRealm.WEBSITE_ALIAS,
                wechat.sandbox().state().openidOf("alice", website.appId()));
        assertNotNull(websiteUser);
        assertTrue(websiteUser.path("attributes").path("wechat_unionid").isMissingNode(), websiteUser::toString);
        assertEquals(2, realm.userCount());
    }

    /** A Service Account QR login as {@code user}; the {@code sub} the app gets. */
    static String scanLogin(WeChatSandbox wechat, WeChatRealm realm, String user) {
        QrLogin login = QrLogin.start(new HttpBrowser(), realm.client());
        assertTrue(wechat.phone().scan(user, login.qrUrl()).delivered());
        assertEquals("scanned", login.status("pending", 25));
        return login.completeAndExchange().idTokenClaims().path("sub").asText();
    }
}
