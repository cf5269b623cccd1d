package io.github.keycloakwechat.it.open;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.it.support.Chromium;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.open.WeChatOpenSetting;
import io.github.keycloakwechat.sandbox.SandboxApp;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The website login's "embedded" mode: WeChat's panel (wxLogin.js) inside Keycloak's page and inside the QR tab of
 * the wechat login theme. Only that page's CSP admits WeChat's origin, and only for frames.
 */
@KeycloakTest
class EmbeddedWebsiteQrIT {

    private static final Map<String, String> EMBEDDED = Map.of(WeChatOpenSetting.LOGIN_MODE.key(), "embedded");

    @Test
    void thePanelScriptComesFromTheConfiguredOriginAndTheCspAdmitsThatOriginOnly(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        realm.addWebsiteProvider(wechat.sandbox(), true, EMBEDDED);
        String wechatOrigin = origin(wechat.sandbox().baseUrl());
        HttpBrowser browser = new HttpBrowser();
        HttpBrowser.Page login = browser.followRedirects(browser.get(realm.client().newAuthorizationRequest().uri()));
        Element button = login.html().selectFirst("a#social-" + WeChatRealm.WEBSITE_ALIAS);
        assertNotNull(button, login::body);

        HttpBrowser.Page panel = browser.followRedirects(browser.get(login.uri().resolve(button.attr("href"))));

        assertEquals(200, panel.status(), panel::toString);
        assertNotNull(panel.html().selectFirst("#wechat-open-panel"), panel::body);
        assertNotNull(panel.html().selectFirst("script[src=" + wechat.sandbox().baseUrl()
                + "/connect/zh_CN/htmledition/js/wxLogin.js]"), panel::body);
        assertEquals(Set.of("'self'", wechatOrigin), frameSources(panel), "the panel's page admits WeChat's frame");
        assertEquals(Set.of("'self'"), frameSources(login), "the login page itself admits no other origin");
    }

    @Test
    void inTheQrTabOfTheLoginPageWeChatsPanelSignsThePersonIn(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        SandboxApp website = realm.addWebsiteProvider(wechat.sandbox(), true, EMBEDDED);
        ObjectNode theme = wechat.admin().object().put("loginTheme", "wechat");
        theme.putObject("attributes").put("wechat.loginPage.methods", "qr,password,buttons")
                .put("wechat.loginPage.defaultMethod", "qr");
        wechat.admin().put("/" + realm.name(), theme).expect(204);
        // The QR tab shows the first provider that signs in by QR: here the website login, the Service Account is off.
        ObjectNode serviceAccount = (ObjectNode) wechat.admin().getIdentityProvider(realm.name(), WeChatRealm.ALIAS);
        wechat.admin().updateIdentityProvider(realm.name(), serviceAccount.put("enabled", false));

        OidcClientFlow app = realm.client();
        OidcClientFlow.AuthorizationRequest request = app.newAuthorizationRequest();
        try (Chromium chromium = Chromium.start()) {
            chromium.open(request.uri().toString());
            chromium.driver().switchTo().frame(chromium.await(By.id("wechat-qr-frame")));
            chromium.driver().switchTo().frame(chromium.await(By.cssSelector("#wechat-open-panel iframe")));
            chromium.await(By.id("confirm-alice"));
            chromium.driver().switchTo().defaultContent();
            chromium.screenshot("wechat-open-embedded-tab");
            chromium.driver().switchTo().frame(chromium.await(By.id("wechat-qr-frame")));
            chromium.driver().switchTo().frame(chromium.await(By.cssSelector("#wechat-open-panel iframe")));
            chromium.await(By.id("confirm-alice")).click();

            String landed = chromium.waitUpTo(Duration.ofSeconds(20))
                    .until(d -> app.isCallback(URI.create(d.getCurrentUrl())) ? d.getCurrentUrl() : null);
            String sub = app.finish(request, URI.create(landed)).idTokenClaims().path("sub").asText();
            String openid = wechat.sandbox().state().openidOf("alice", website.appId());
            assertEquals(realm.userLinkedTo(WeChatRealm.WEBSITE_ALIAS, openid).path("id").asText(), sub);
        }
    }

    private static Set<String> frameSources(HttpBrowser.Page page) {
        String csp = page.header("Content-Security-Policy").orElse("");
        for (String directive : csp.split(";")) {
            String[] parts = directive.trim().split("\\s+");
            if (parts[0].equals("frame-src")) {
                return Arrays.stream(parts).skip(1).collect(Collectors.toSet());
            }
        }
        assertFalse(csp.isEmpty(), "no Content-Security-Policy");
        return Set.of();
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
