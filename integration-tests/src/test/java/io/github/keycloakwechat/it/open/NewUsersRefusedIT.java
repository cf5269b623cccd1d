package io.github.keycloakwechat.it.open;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.broker.SharedSetting;
import io.github.keycloakwechat.it.support.FirstBrokerLoginFlows;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.it.support.WebsiteLogin;
import io.github.keycloakwechat.sandbox.SandboxApp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "New users: refuse": only people already bound to an account get in; nobody else gets one. */
@KeycloakTest
class NewUsersRefusedIT {

    @Test
    void anUnboundPersonIsToldToBindWeChatAndNoUserIsCreated(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        realm.addWebsiteProvider(wechat.sandbox(), true, Map.of(SharedSetting.NEW_USERS.key(), "refuse"));

        HttpBrowser browser = new HttpBrowser().acceptLanguage("zh-CN");
        WebsiteLogin login = WebsiteLogin.start(browser, realm.client(), WeChatRealm.WEBSITE_ALIAS);
        HttpBrowser.Page page = login.returnTo(login.confirmAs("bob"));

        assertFalse(page.isRedirect() && realm.client().isCallback(page.location()), page::toString);
        assertTrue(page.body().contains("您的微信尚未绑定本站账号"), page::body);
        assertEquals(0, realm.userCount(), "no user is created");
    }

    @Test
    void aBoundPersonSignsInAsUsual(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        SandboxApp website = realm.addWebsiteProvider(wechat.sandbox(), true,
                Map.of(SharedSetting.NEW_USERS.key(), "refuse"));
        String userId = wechat.admin().createUserWithPassword(realm.name(), "carol", "Passw0rd!");
        String openid = wechat.sandbox().state().openidOf("carol", website.appId());
        wechat.admin().post("/" + realm.name() + "/users/" + userId + "/federated-identity/" + WeChatRealm.WEBSITE_ALIAS,
                Map.of("identityProvider", WeChatRealm.WEBSITE_ALIAS, "userId", openid, "userName", openid)).expect(204);

        String sub = WebsiteLogin.start(new HttpBrowser(), realm.client(), WeChatRealm.WEBSITE_ALIAS)
                .completeAs("carol").idTokenClaims().path("sub").asText();

        assertEquals(userId, sub);
        assertEquals(1, realm.userCount());
    }

    @Test
    void aPersonBoundThroughAnotherWeChatAppIsKnownByTheirUnionid(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        SandboxApp website = realm.addWebsiteProvider(wechat.sandbox(), true,
                Map.of(SharedSetting.NEW_USERS.key(), "refuse"));
        FirstBrokerLoginFlows.useUnionidLinking(wechat.admin(), realm.name());
        String viaServiceAccount = UnionidLinkingIT.scanLogin(wechat, realm, "alice");

        HttpBrowser browser = new HttpBrowser();
        WebsiteLogin login = WebsiteLogin.start(browser, realm.client(), WeChatRealm.WEBSITE_ALIAS);
        HttpBrowser.Page last = login.returnTo(login.confirmAs("alice"));

        assertTrue(last.isRedirect() && realm.client().isCallback(last.location()), last::toString);
        assertEquals(1, realm.userCount());
        assertEquals(viaServiceAccount, realm.userLinkedTo(WeChatRealm.WEBSITE_ALIAS,
                wechat.sandbox().state().openidOf("alice", website.appId())).path("id").asText());
    }

    @Test
    void withoutTheUnionidLinkInTheFlowAUnionidHolderIsRefusedNotDuplicated(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        realm.addWebsiteProvider(wechat.sandbox(), true, Map.of(SharedSetting.NEW_USERS.key(), "refuse"));
        UnionidLinkingIT.scanLogin(wechat, realm, "alice");

        HttpBrowser browser = new HttpBrowser();
        WebsiteLogin login = WebsiteLogin.start(browser, realm.client(), WeChatRealm.WEBSITE_ALIAS);
        HttpBrowser.Page page = login.returnTo(login.confirmAs("alice"));

        assertFalse(page.isRedirect() && realm.client().isCallback(page.location()), page::toString);
        assertTrue(page.body().contains("not bound to an account here"), page::body);
        assertEquals(1, realm.userCount(), "the default flow would have created a second alice: refused instead");
    }
}
