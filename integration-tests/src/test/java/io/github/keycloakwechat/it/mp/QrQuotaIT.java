package io.github.keycloakwechat.it.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.it.support.Chromium;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.mp.WeChatMpSetting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Each login QR spends WeChat quota ({@code qrcode/create}, 100,000 a day per account): a person reloading keeps
 * the code they have, a script asking for codes in a loop is cut off, a code is renewed once and only when it has
 * expired, and the page's status poll does not spin when the server answers early.
 */
@KeycloakTest
class QrQuotaIT {

    private static final int PER_MINUTE = 10;

    @Test
    void aPersonReloadingKeepsTheCodeWhileAScriptAskingForCodesIsCutOff(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain", Map.of(WeChatMpSetting.QR_CODES_PER_MINUTE.key(),
                String.valueOf(PER_MINUTE)));
        int before = wechat.sandbox().state().calls("qrcode/create");

        HttpBrowser person = new HttpBrowser();
        QrLogin login = QrLogin.start(person, realm.client());
        for (int reload = 0; reload < 3 * PER_MINUTE; reload++) {
            HttpBrowser.Page again = person.followRedirects(person.get(login.page().uri()));
            assertEquals(200, again.status(), again::toString);
            assertEquals(login.scene(), again.html().selectFirst("#wechat-qr").attr("data-scene"),
                    "a reload shows the same code");
        }
        assertEquals(1, wechat.sandbox().state().calls("qrcode/create") - before, "30 reloads, one code");

        int throttled = 0;
        for (int i = 0; i < 3 * PER_MINUTE; i++) {
            HttpBrowser.Page page = QrLogin.start(new HttpBrowser().acceptLanguage("en"), realm.client()).page();
            if (page.status() == 503) {
                assertTrue(page.html().selectFirst("#wechat-qr-state").text().contains("Too many sign-in codes"),
                        page::toString);
                throttled++;
            }
        }
        int codes = wechat.sandbox().state().calls("qrcode/create") - before;
        System.out.printf("[measure] QR quota: 30 reloads by a person -> 1 code; 30 fresh sessions from one address"
                + " -> %d codes, %d refused (bound %d a minute)%n", codes - 1, throttled, PER_MINUTE);
        assertTrue(codes <= PER_MINUTE + 1, "at most the bound of new codes: " + codes);
        assertTrue(throttled >= 3 * PER_MINUTE - PER_MINUTE - 1, "the rest were refused: " + throttled);
        assertTrue(wechat.server().readLog().contains("login QR codes a minute for"), "the admin log says why");
    }

    @Test
    void aCodeIsRenewedOnceAndOnlyWhenItExpired(WeChatSandbox wechat) throws Exception {
        WeChatRealm realm = wechat.realm("plain", Map.of(WeChatMpSetting.QR_LIFETIME.key(), "60"));
        HttpBrowser browser = new HttpBrowser();
        QrLogin login = QrLogin.start(browser, realm.client());
        URI renew = URI.create(login.page().html().selectFirst("#wechat-qr").attr("data-scan-base") + "/"
                + login.scene() + "/renew");
        assertEquals(409, renew(browser, renew).status(), "a code that is still valid is not renewed");

        Thread.sleep(61_000);
        int before = wechat.sandbox().state().calls("qrcode/create");
        ExecutorService pool = Executors.newFixedThreadPool(30);
        CyclicBarrier together = new CyclicBarrier(30);
        List<Future<HttpBrowser.Page>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(pool.submit(() -> {
                together.await();
                return renew(browser, renew);
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpBrowser.Page> answer : answers) {
            statuses.add(answer.get().status());
        }
        pool.shutdown();
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "one renewal: " + statuses);
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 409), statuses::toString);
        assertEquals(1, wechat.sandbox().state().calls("qrcode/create") - before, "30 renewals, one new code");
    }

    @Test
    void thePageWaitsWhenItsPollsAreAnsweredEarly(WeChatSandbox wechat) throws Exception {
        WeChatRealm realm = wechat.realm("plain");
        try (Chromium chromium = Chromium.start()) {
            chromium.open(realm.client().newAuthorizationRequest().uri().toString());
            chromium.await(By.id("social-" + WeChatRealm.ALIAS)).click();
            String scene = chromium.await(By.id("wechat-qr")).getAttribute("data-scene");
            String scanBase = chromium.await(By.id("wechat-qr")).getAttribute("data-scan-base");
            ((JavascriptExecutor) chromium.driver()).executeScript("""
                    window.__polls = 0;
                    var open = XMLHttpRequest.prototype.open;
                    XMLHttpRequest.prototype.open = function (method, url) {
                      if (url.indexOf('/scan/') >= 0 && url.indexOf('known=') >= 0) { window.__polls++; }
                      return open.apply(this, arguments);
                    };
                    """);
            // Others hold every waiting slot of this scene, so the server answers the page's polls at once.
            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> holders = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                holders.add(http.sendAsync(HttpRequest.newBuilder(URI.create(scanBase + "/" + scene
                        + "?known=pending&wait=25")).timeout(Duration.ofSeconds(40)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(10_000);
            long polls = ((Number) ((JavascriptExecutor) chromium.driver()).executeScript("return window.__polls;"))
                    .longValue();
            System.out.printf("[measure] QR page: %d status polls in 10 s while every wait slot was taken%n", polls);
            assertTrue(polls <= 8, "the page backs off instead of spinning: " + polls + " polls in 10 s");
            holders.forEach(holder -> holder.cancel(true));
        }
    }

    private static HttpBrowser.Page renew(HttpBrowser browser, URI renew) {
        return browser.postWithHeaders(renew, Map.of("X-Requested-With", "XMLHttpRequest"));
    }
}
