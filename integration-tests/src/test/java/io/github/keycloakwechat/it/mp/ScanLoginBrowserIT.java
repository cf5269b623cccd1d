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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
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

    /**
     * When the server's caps on waiting polls are hit, each poll is answered at once; the page must then wait before
     * asking again instead of spinning (an idle page once made 710 status requests in 10 s). Four other clients take
     * the scene's waiting slots (4 a scene) before the page's script runs, so every poll of the page comes back at once.
     */
    @Test
    void theQrPageBacksOffWhenItsPollsComeBackEarly(WeChatSandbox wechat) throws Exception {
        WeChatRealm realm = wechat.realm("plain");
        AtomicBoolean stop = new AtomicBoolean();
        HttpClient http = HttpClient.newHttpClient();
        try (Chromium chromium = Chromium.start()) {
            ChromeDriver driver = (ChromeDriver) chromium.driver();
            driver.executeCdpCommand("Network.enable", Map.of());
            driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*wechat-qr.js*")));
            chromium.open(realm.client().newAuthorizationRequest().uri().toString());
            chromium.await(By.id("social-" + WeChatRealm.ALIAS)).click();
            String scene = chromium.await(By.id("wechat-qr")).getAttribute("data-scene");
            URI status = URI.create(wechat.server().realmUrl(realm.name()) + "/wechat/scan/" + scene + "?known=pending&wait=25");
            for (int i = 0; i < 4; i++) {
                Thread holder = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            http.send(HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.discarding());
                        } catch (Exception e) {
                            return;
                        }
                    }
                });
                holder.setDaemon(true);
                holder.start();
            }
            LockSupport.parkNanos(1_500_000_000L); // the four are waiting
            driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
            driver.executeScript("var s = document.createElement('script');"
                    + " s.src = document.querySelector('script[src*=\"wechat-qr.js\"]').src; document.body.appendChild(s);");
            LockSupport.parkNanos(10_000_000_000L);
            List<?> polls = (List<?>) driver.executeScript("return performance.getEntriesByType('resource')"
                    + ".filter(function (e) { return e.name.indexOf('/wechat/scan/') >= 0; })"
                    + ".map(function (e) { return Math.round(e.duration); });");
            long quick = polls.stream().filter(ms -> ((Number) ms).longValue() < 1000).count();
            System.out.printf("[measure] QR page polls in 10 s while the scene's waiting slots were taken: %d, %d answered"
                    + " at once; durations ms %s%n", polls.size(), quick, polls);
            assertTrue(quick >= 2, "the caps were hit, so the polls came back at once: " + polls);
            assertTrue(polls.size() <= 6, "the page waited 1, 2, 4 ... s between early answers: " + polls);
            assertEquals("pending", chromium.await(By.id("wechat-qr")).getAttribute("data-state"));
        } finally {
            stop.set(true);
        }
    }
}
