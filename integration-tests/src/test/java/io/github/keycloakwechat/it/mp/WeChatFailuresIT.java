package io.github.keycloakwechat.it.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * What WeChat's failures look like to a person and to WeChat's quota: a localized page with a way back instead of
 * a stack trace, one access token per node however many logins start at once, and a transparent refresh when
 * WeChat says the token went stale.
 */
@KeycloakTest
class WeChatFailuresIT {

    @Test
    void fiftyConcurrentQrRequestsShareOneAccessToken(WeChatSandbox wechat) throws Exception {
        WeChatRealm realm = wechat.realm("plain");
        wechat.sandbox().state().resetCounters();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<String>> scenes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                scenes.add(pool.submit(() -> QrLogin.start(new HttpBrowser(), realm.client()).scene()));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> scene : scenes) {
                distinct.add(scene.get());
            }
            assertEquals(50, distinct.size(), "every login got its own scene");
        } finally {
            pool.shutdownNow();
        }
        int tokenCalls = wechat.sandbox().state().calls("stable_token");
        System.out.println("[measure] stable_token calls during 50 concurrent QR requests: " + tokenCalls
                + " (qrcode/create calls: " + wechat.sandbox().state().calls("qrcode/create") + ")");
        assertEquals(50, wechat.sandbox().state().calls("qrcode/create"));
        assertTrue(tokenCalls <= 1, "one token for the node, fetched at most once: " + tokenCalls);
    }

    @Test
    void aStaleAccessTokenIsRefreshedOnceAndTheLoginGoesOn(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        QrLogin.start(new HttpBrowser(), realm.client()); // warm the token cache
        wechat.sandbox().state().resetCounters();
        wechat.phone().fault(Map.of("api", "qrcode/create", "errcode", 40001, "times", 1));
        QrLogin login = QrLogin.start(new HttpBrowser(), realm.client());
        assertEquals(200, login.page().status(), login.page()::toString);
        assertNotNull(login.scene());
        assertEquals(1, wechat.sandbox().state().calls("stable_token"), "exactly one refresh");
        assertEquals(2, wechat.sandbox().state().calls("qrcode/create"), "the failed call and its one retry");
    }

    @Test
    void weChatErrorsShowALocalizedPageWithAWayBack(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        assertErrorPage(wechat, realm, Map.of("api", "qrcode/create", "errcode", 45009, "times", 1), "en", "WeChat is busy right now");
        assertErrorPage(wechat, realm, Map.of("api", "qrcode/create", "errcode", 48001, "times", 1), "zh-CN", "微信登录配置有误");
        assertErrorPage(wechat, realm, Map.of("api", "qrcode/create", "httpStatus", 502, "times", 1), "en", "WeChat cannot be reached");
        assertErrorPage(wechat, realm, Map.of("api", "qrcode/create", "delayMs", 7000, "times", 1), "zh-CN", "暂时无法连接微信");
        String log = wechat.server().readLog();
        assertTrue(log.contains("errcode 45009"), "the server log says what WeChat answered");
    }

    private static void assertErrorPage(WeChatSandbox wechat, WeChatRealm realm, Map<String, Object> fault, String locale,
                                        String expectedText) {
        wechat.phone().fault(fault);
        HttpBrowser browser = new HttpBrowser().acceptLanguage(locale);
        long started = System.nanoTime();
        QrLogin login = QrLogin.start(browser, realm.client());
        long millis = (System.nanoTime() - started) / 1_000_000;
        HttpBrowser.Page page = login.page();
        assertEquals(503, page.status(), page::toString);
        Element state = page.html().selectFirst("#wechat-qr-state");
        assertNotNull(state, page.body());
        assertTrue(state.text().contains(expectedText), fault + " -> " + state.text());
        assertNotNull(page.html().selectFirst("a#wechat-qr-back[href]"), "a way back to the other sign-in methods");
        assertTrue(millis < 20_000, "a slow WeChat is cut off by the client's timeout, not waited for: " + millis + " ms");
        wechat.phone().clearFaults();
    }
}
