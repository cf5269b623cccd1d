package io.github.keycloakwechat.it.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.it.support.Chromium;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.QrDecoder;
import io.github.keycloakwechat.it.support.SandboxClient;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The QR login as a person sees it, in headless Chromium: the page's own script polls, notices the scan and
 * navigates; the app receives a code for the right user. Also the Chinese page and WeChat's in-app browser.
 */
@KeycloakTest
class ScanLoginBrowserIT {

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"plain", "compatible", "safe"})
    void thePageSignsInByItselfAfterTheScan(String mode, WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm(mode);
        OidcClientFlow app = realm.client();
        OidcClientFlow.AuthorizationRequest request = app.newAuthorizationRequest();
        try (Chromium chromium = Chromium.start()) {
            chromium.open(request.uri().toString());
            chromium.await(By.id("social-" + WeChatRealm.ALIAS)).click();
            String image = chromium.await(By.id("wechat-qr-image")).getAttribute("src");
            assertEquals("pending", chromium.await(By.id("wechat-qr")).getAttribute("data-state"));
            chromium.screenshot("wechat-qr-" + mode);

            SandboxClient.ScanResult scan = wechat.phone().scan("bob", QrDecoder.decodeDataUri(image));
            assertTrue(scan.delivered(), scan.body()::toString);

            String landed = chromium.waitUpTo(Duration.ofSeconds(15))
                    .until(d -> app.isCallback(URI.create(d.getCurrentUrl())) ? d.getCurrentUrl() : null);
            OidcClientFlow.Tokens tokens = app.finish(request, URI.create(landed));
            String openid = wechat.sandbox().state().openidOf("bob", realm.app().appId());
            assertEquals(realm.userLinkedTo(openid).path("id").asText(), tokens.idTokenClaims().path("sub").asText());
        }
    }

    @Test
    void theQrPageSpeaksChineseWhenAskedTo(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("safe");
        OidcClientFlow.AuthorizationRequest request = realm.client().newAuthorizationRequest(Map.of("ui_locales", "zh-CN"));
        try (Chromium chromium = Chromium.start()) {
            chromium.open(request.uri().toString());
            chromium.await(By.id("social-" + WeChatRealm.ALIAS)).click();
            chromium.await(By.id("wechat-qr-image"));
            String text = chromium.driver().findElement(By.tagName("body")).getText();
            assertTrue(text.contains("微信扫码登录") && text.contains("等待扫码") && text.contains("使用其他方式登录"), text);
            assertTrue(chromium.await(By.id("wechat-qr-countdown")).getText().contains("秒后过期"));
            chromium.screenshot("wechat-qr-zh-CN");
            // The way back leads to the other sign-in methods of the same login.
            chromium.await(By.id("wechat-qr-back")).click();
            chromium.await(By.id("social-" + WeChatRealm.ALIAS));
        }
    }

    @Test
    void insideWeChatTheProviderUsesWebOAuth(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        OidcClientFlow app = realm.client();
        OidcClientFlow.AuthorizationRequest request = app.newAuthorizationRequest();
        try (Chromium chromium = Chromium.start(HttpBrowser.WECHAT_USER_AGENT)) {
            chromium.open(request.uri().toString());
            chromium.await(By.id("social-" + WeChatRealm.ALIAS)).click();
            new Select(chromium.await(By.id("sandbox-user"))).selectByValue("carol");
            chromium.screenshot("wechat-oauth-confirm");
            chromium.await(By.id("sandbox-allow")).click();
            String landed = chromium.waitUpTo(Duration.ofSeconds(15))
                    .until(d -> app.isCallback(URI.create(d.getCurrentUrl())) ? d.getCurrentUrl() : null);
            String sub = app.finish(request, URI.create(landed)).idTokenClaims().path("sub").asText();
            String openid = wechat.sandbox().state().openidOf("carol", realm.app().appId());
            assertEquals(realm.userLinkedTo(openid).path("id").asText(), sub);
        }
    }
}
