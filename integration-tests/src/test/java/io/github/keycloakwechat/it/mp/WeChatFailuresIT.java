package io.github.keycloakwechat.it.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.SandboxClient;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.sandbox.SandboxConfig;
import io.github.keycloakwechat.sandbox.SandboxServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What WeChat's failures look like to a person and to WeChat's quota: a localized page with a way back instead of
 * a stack trace, one access token per node however many logins start at once, and a transparent refresh when
 * WeChat says the token went stale.
 */
@KeycloakTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WeChatFailuresIT {

    private SandboxServer sandbox;
    private SandboxClient phone;
    private KeycloakServer server;
    private WeChatRealm realm;

    @BeforeAll
    void start(KeycloakServer server, AdminClient admin) throws IOException {
        this.server = server;
        sandbox = SandboxServer.start(SandboxConfig.defaults().withAddress("127.0.0.1", 0));
        phone = new SandboxClient(sandbox.baseUrl());
        realm = WeChatRealm.create(server, admin, sandbox, "plain");
    }

    @AfterEach
    void clearFaults() {
        phone.clearFaults();
    }

    @AfterAll
    void stop() {
        if (realm != null) {
            realm.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void fiftyConcurrentQrRequestsShareOneAccessToken() throws Exception {
        sandbox.state().resetCounters();
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
        int tokenCalls = sandbox.state().calls("stable_token");
        System.out.println("[measure] stable_token calls during 50 concurrent QR requests: " + tokenCalls
                + " (qrcode/create calls: " + sandbox.state().calls("qrcode/create") + ")");
        assertEquals(50, sandbox.state().calls("qrcode/create"));
        assertTrue(tokenCalls <= 1, "one token for the node, fetched at most once: " + tokenCalls);
    }

    @Test
    void aStaleAccessTokenIsRefreshedOnceAndTheLoginGoesOn() {
        QrLogin.start(new HttpBrowser(), realm.client()); // warm the token cache
        sandbox.state().resetCounters();
        phone.fault(Map.of("api", "qrcode/create", "errcode", 40001, "times", 1));
        QrLogin login = QrLogin.start(new HttpBrowser(), realm.client());
        assertEquals(200, login.page().status(), login.page()::toString);
        assertNotNull(login.scene());
        assertEquals(1, sandbox.state().calls("stable_token"), "exactly one refresh");
        assertEquals(2, sandbox.state().calls("qrcode/create"), "the failed call and its one retry");
    }

    @Test
    void weChatErrorsShowALocalizedPageWithAWayBack() {
        assertErrorPage(Map.of("api", "qrcode/create", "errcode", 45009, "times", 1), "en", "WeChat is busy right now");
        assertErrorPage(Map.of("api", "qrcode/create", "errcode", 48001, "times", 1), "zh-CN", "微信登录配置有误");
        assertErrorPage(Map.of("api", "qrcode/create", "httpStatus", 502, "times", 1), "en", "WeChat cannot be reached");
        assertErrorPage(Map.of("api", "qrcode/create", "delayMs", 7000, "times", 1), "zh-CN", "暂时无法连接微信");
        String log = server.readLog();
        assertTrue(log.contains("errcode 45009"), "the server log says what WeChat answered");
    }

    private void assertErrorPage(Map<String, Object> fault, String locale, String expectedText) {
        phone.fault(fault);
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
        phone.clearFaults();
    }
}
