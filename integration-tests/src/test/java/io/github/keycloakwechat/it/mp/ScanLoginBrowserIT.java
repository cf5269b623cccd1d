package io.github.keycloakwechat.it.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.Chromium;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.QrDecoder;
import io.github.keycloakwechat.it.support.SandboxClient;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.sandbox.SandboxConfig;
import io.github.keycloakwechat.sandbox.SandboxServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The QR login as a person sees it, in headless Chromium: the page's own script polls, notices the scan and
 * navigates; the app receives a code for the right user. Also the Chinese page and WeChat's in-app browser.
 */
@KeycloakTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanLoginBrowserIT {

    private SandboxServer sandbox;
    private SandboxClient phone;
    private KeycloakServer server;
    private final List<WeChatRealm> realms = new ArrayList<>();

    @BeforeAll
    void startSandbox(KeycloakServer server) throws IOException {
        this.server = server;
        sandbox = SandboxServer.start(SandboxConfig.defaults().withAddress("127.0.0.1", 0));
        phone = new SandboxClient(sandbox.baseUrl());
    }

    @AfterAll
    void stop() {
        realms.forEach(WeChatRealm::close);
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"plain", "compatible", "safe"})
    void thePageSignsInByItselfAfterTheScan(String mode, AdminClient admin) {
        WeChatRealm realm = realm(admin, mode);
        OidcClientFlow app = realm.client();
        OidcClientFlow.AuthorizationRequest request = app.newAuthorizationRequest();
        try (Chromium chromium = Chromium.start()) {
            chromium.open(request.uri().toString());
            chromium.await(By.id("social-" + WeChatRealm.ALIAS)).click();
            String image = chromium.await(By.id("wechat-qr-image")).getAttribute("src");
            assertEquals("pending", chromium.await(By.id("wechat-qr")).getAttribute("data-state"));
            chromium.screenshot("wechat-qr-" + mode);

            SandboxClient.ScanResult scan = phone.scan("bob", QrDecoder.decodeDataUri(image));
            assertTrue(scan.delivered(), scan.body()::toString);

            String landed = chromium.waitUpTo(Duration.ofSeconds(15))
                    .until(d -> app.isCallback(URI.create(d.getCurrentUrl())) ? d.getCurrentUrl() : null);
            OidcClientFlow.Tokens tokens = app.finish(request, URI.create(landed));
            String openid = sandbox.state().openidOf("bob", realm.app().appId());
            assertEquals(realm.userLinkedTo(openid).path("id").asText(), tokens.idTokenClaims().path("sub").asText());
        }
    }

    @Test
    void theQrPageSpeaksChineseWhenAskedTo(AdminClient admin) {
        WeChatRealm realm = realm(admin, "safe");
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
    void insideWeChatTheProviderUsesWebOAuth(AdminClient admin) {
        WeChatRealm realm = realm(admin, "plain");
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
            String openid = sandbox.state().openidOf("carol", realm.app().appId());
            assertEquals(realm.userLinkedTo(openid).path("id").asText(), sub);
        }
    }

    private WeChatRealm realm(AdminClient admin, String mode) {
        WeChatRealm realm = WeChatRealm.create(server, admin, sandbox, mode);
        realms.add(realm);
        return realm;
    }
}
