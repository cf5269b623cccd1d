package io.github.keycloakwechat.it.loginpage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.keycloakwechat.it.support.Chromium;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The left side as an embedded web page: it appears, and the login page's CSP {@code frame-src} admits exactly its
 * origin — a frame from any other origin is blocked by the browser and never even requested.
 */
@KeycloakTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginPageFrameIT {

    private KeycloakServer server;
    private HttpServer allowed;
    private HttpServer other;
    private final AtomicInteger otherRequests = new AtomicInteger();
    private LoginPageRealm realm;

    @BeforeAll
    void start(WeChatSandbox wechat) throws IOException {
        this.server = wechat.server();
        allowed = page("<h1 id='embedded-brand'>Embedded brand page</h1>", new AtomicInteger());
        other = page("<h1 id='other-page'>Should never load</h1>", otherRequests);
        realm = LoginPageRealm.create(wechat);
    }

    @AfterAll
    void stop() {
        if (allowed != null) {
            allowed.stop(0);
        }
        if (other != null) {
            other.stop(0);
        }
    }

    @Test
    void theEmbeddedPageAppearsAndOnlyItsOriginMayBeFramed() {
        String allowedOrigin = "http://127.0.0.1:" + allowed.getAddress().getPort();
        String otherOrigin = "http://127.0.0.1:" + other.getAddress().getPort();
        realm.settings(Map.of("leftMode", "iframe", "leftIframeUrl", allowedOrigin + "/welcome"));

        HttpBrowser http = new HttpBrowser();
        HttpBrowser.Page login = http.get(realm.client().newAuthorizationRequest().uri());
        assertEquals(200, login.status(), login::toString);
        String csp = login.header("Content-Security-Policy").orElseThrow();
        String frameSrc = directive(csp, "frame-src");
        assertEquals("frame-src 'self' " + allowedOrigin, frameSrc, csp);
        assertFalse(csp.contains(otherOrigin), csp);

        try (Chromium chromium = Chromium.start()) {
            chromium.open(realm.client().newAuthorizationRequest().uri().toString());
            WebElement frame = chromium.await(By.id("wechat-left-frame"));
            assertEquals(allowedOrigin + "/welcome", frame.getAttribute("src"));
            chromium.driver().switchTo().frame(frame);
            assertEquals("Embedded brand page", chromium.await(By.id("embedded-brand")).getText());
            chromium.driver().switchTo().defaultContent();
            chromium.screenshot("login-page-left-iframe");

            // A frame from an origin the admin did not configure (as injected HTML would try): the CSP blocks it.
            Pages.script(chromium, """
                    window.__violations = [];
                    document.addEventListener('securitypolicyviolation', function (e) {
                      window.__violations.push(e.effectiveDirective + ' ' + e.blockedURI);
                    });
                    var f = document.createElement('iframe');
                    f.id = 'intruder';
                    f.src = arguments[0];
                    document.body.appendChild(f);
                    """, otherOrigin + "/intruder");
            String violation = chromium.waitUpTo(Duration.ofSeconds(10)).until(d -> {
                Object found = Pages.script(chromium, "return window.__violations.join('\\n');");
                return found == null || found.toString().isEmpty() ? null : found.toString();
            });
            assertTrue(violation.startsWith("frame-src " + otherOrigin), violation);
        }
        assertEquals(0, otherRequests.get(), "the blocked origin was never requested");
    }

    @Test
    void anIframeUrlThatIsNeitherHttpsNorLocalFallsBackToTheImage() {
        realm.settings(Map.of("leftMode", "iframe", "leftIframeUrl", "http://example.com/"));
        HttpBrowser http = new HttpBrowser();
        HttpBrowser.Page login = http.get(realm.client().newAuthorizationRequest().uri());
        assertEquals(200, login.status(), login::toString);
        assertEquals("frame-src 'self'", directive(login.header("Content-Security-Policy").orElseThrow(), "frame-src"));
        assertEquals("image", login.html().selectFirst("#wechat-left").attr("data-mode"));
    }

    private static String directive(String csp, String name) {
        for (String part : csp.split(";")) {
            if (part.trim().startsWith(name + " ")) {
                return part.trim();
            }
        }
        throw new AssertionError("no " + name + " in " + csp);
    }

    private static HttpServer page(String body, AtomicInteger requests) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] bytes = ("<!DOCTYPE html><html><body>" + body + "</body></html>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        http.start();
        return http;
    }
}
