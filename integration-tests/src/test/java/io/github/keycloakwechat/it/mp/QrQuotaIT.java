package io.github.keycloakwechat.it.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.mp.WeChatMpSetting;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * Each login QR spends WeChat quota ({@code qrcode/create}, 100,000 a day per account): a person reloading keeps
 * the code they have, a script asking for codes in a loop is cut off, and a code is renewed once and only when it
 * has expired.
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
            // Reloading the QR page's URL shows Keycloak's "page has expired" page; the person continues to the login
            // page and picks WeChat again, in the same login (auth session tab).
            HttpBrowser.Page again = person.followRedirects(person.get(login.page().uri()));
            Element continueLink = again.html().selectFirst("a#loginContinueLink[href]");
            if (again.html().selectFirst("#wechat-qr") == null && continueLink != null) {
                again = person.followRedirects(person.get(again.uri().resolve(continueLink.attr("href"))));
            }
            if (again.html().selectFirst("#wechat-qr") == null) {
                Element button = again.html().selectFirst("a#social-" + WeChatRealm.ALIAS);
                assertNotNull(button, again::toString);
                again = person.followRedirects(person.get(again.uri().resolve(button.attr("href"))));
            }
            Element box = again.html().selectFirst("#wechat-qr");
            assertNotNull(box, again::toString);
            assertEquals(login.scene(), box.attr("data-scene"), "a reload shows the same code");
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
        // The others: the claim was taken (409), or the old code is already gone (404).
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 409 || s == 404), statuses::toString);
        assertEquals(1, wechat.sandbox().state().calls("qrcode/create") - before, "30 renewals, one new code");
    }

    private static HttpBrowser.Page renew(HttpBrowser browser, URI renew) {
        return browser.postWithHeaders(renew, Map.of("X-Requested-With", "XMLHttpRequest"));
    }
}
