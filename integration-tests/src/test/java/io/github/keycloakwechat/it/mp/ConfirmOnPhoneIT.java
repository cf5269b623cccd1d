package io.github.keycloakwechat.it.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.it.support.Chromium;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.QrDecoder;
import io.github.keycloakwechat.it.support.SandboxClient;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.mp.WeChatMpSetting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * "Confirm on the phone" (relay protection), in two headless Chromiums: the computer's browser shows the QR, and the
 * sandbox phone of the person who scanned opens the link in WeChat's reply. The browser signs in only after the
 * scanner confirms; Deny cancels; another WeChat user cannot confirm someone else's scan.
 */
@KeycloakTest
class ConfirmOnPhoneIT {

    private static final Pattern LINK = Pattern.compile("<a href=\"(http[^\"]+)\">");

    /** The computer's browser, on the QR page, and the scan of its code by {@code scanner}. */
    private record Waiting(Chromium browser, OidcClientFlow app, OidcClientFlow.AuthorizationRequest request,
                           String link) {
    }

    private static WeChatRealm confirmingRealm(WeChatSandbox wechat) {
        return wechat.realm("safe", Map.of(WeChatMpSetting.CONFIRM_ON_PHONE.key(), "true"));
    }

    private static Waiting scanned(WeChatSandbox wechat, WeChatRealm realm, String scanner) {
        OidcClientFlow app = realm.client();
        OidcClientFlow.AuthorizationRequest request = app.newAuthorizationRequest(Map.of("ui_locales", "en"));
        Chromium browser = Chromium.start();
        browser.open(request.uri().toString());
        browser.await(By.id("social-" + WeChatRealm.ALIAS)).click();
        String image = browser.await(By.id("wechat-qr-image")).getAttribute("src");
        SandboxClient.ScanResult scan = wechat.phone().scan(scanner, QrDecoder.decodeDataUri(image));
        assertTrue(scan.delivered(), scan.body()::toString);
        Matcher link = LINK.matcher(scan.replyText());
        assertTrue(link.find(), "the reply carries the confirmation link: " + scan.replyText());
        assertTrue(scan.replyText().contains(realm.name()), "the reply names the site: " + scan.replyText());
        browser.waitUpTo(Duration.ofSeconds(10)).until(d ->
                "confirming".equals(d.findElement(By.id("wechat-qr")).getAttribute("data-state")));
        return new Waiting(browser, app, request, link.group(1));
    }

    /** The phone of {@code holder}: the sandbox phone page, where the reply's link is tapped, then WeChat's OAuth. */
    private static Chromium phoneOpensTheLink(WeChatSandbox wechat, String holder) {
        Chromium phone = Chromium.start(HttpBrowser.WECHAT_USER_AGENT);
        phone.open(wechat.sandbox().baseUrl() + "/sandbox/phone?user=" + holder);
        phone.await(By.cssSelector(".phone-reply a.phone-link"));
        List<WebElement> links = phone.driver().findElements(By.cssSelector(".phone-reply a.phone-link"));
        links.get(links.size() - 1).click(); // the newest reply
        Select who = new Select(phone.await(By.id("sandbox-user")));
        assertEquals(holder, who.getFirstSelectedOption().getAttribute("value"),
                "the sandbox's OAuth page starts with the phone's holder selected");
        phone.await(By.id("sandbox-allow")).click();
        return phone;
    }

    @Test
    void theBrowserSignsInOnlyAfterTheScannerConfirmsOnThePhone(WeChatSandbox wechat) throws Exception {
        WeChatRealm realm = confirmingRealm(wechat);
        Waiting waiting = scanned(wechat, realm, "bob");
        try (Chromium browser = waiting.browser()) {
            Thread.sleep(2000);
            assertEquals("confirming", browser.await(By.id("wechat-qr")).getAttribute("data-state"),
                    "a scan alone does not sign the browser in");
            assertTrue(browser.await(By.id("wechat-qr-state")).getText().contains("Confirm the sign-in"));
            browser.screenshot("wechat-confirm-waiting");

            try (Chromium phone = phoneOpensTheLink(wechat, "bob")) {
                phone.await(By.id("wechat-confirm-yes"));
                assertEquals(realm.name(), phone.await(By.id("wechat-confirm-site")).getText());
                assertEquals(WeChatRealm.CLIENT_ID, phone.await(By.id("wechat-confirm-client")).getText());
                assertEquals("127.0.0.1", phone.await(By.id("wechat-confirm-address")).getText());
                assertTrue(phone.await(By.id("wechat-confirm-device")).getText().contains("Chrome"),
                        "the device of the browser that showed the QR");
                assertTrue(phone.await(By.id("wechat-confirm-time")).getText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
                phone.screenshot("wechat-confirm-phone-question");
                String answerUrl = phone.await(By.cssSelector("form.wechat-confirm__answers")).getAttribute("action");
                String answerToken = phone.await(By.name("token")).getAttribute("value");
                phone.await(By.id("wechat-confirm-yes")).click();
                assertTrue(phone.await(By.id("wechat-confirm-message")).getText().contains("Sign-in confirmed"));

                String landed = browser.waitUpTo(Duration.ofSeconds(15)).until(d ->
                        waiting.app().isCallback(URI.create(d.getCurrentUrl())) ? d.getCurrentUrl() : null);
                String sub = waiting.app().finish(waiting.request(), URI.create(landed)).idTokenClaims().path("sub").asText();
                String openid = wechat.sandbox().state().openidOf("bob", realm.app().appId());
                assertEquals(realm.userLinkedTo(openid).path("id").asText(), sub);

                // The answer was single-use: sending it again, now as Deny, changes nothing.
                HttpResponse<String> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(answerUrl))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("token=" + answerToken + "&answer=deny")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(410, again.statusCode());
                assertTrue(again.body().contains("wechat-confirm-message"), again.body());
            }
        }
    }

    @Test
    void denyOnThePhoneCancelsTheSignIn(WeChatSandbox wechat) {
        WeChatRealm realm = confirmingRealm(wechat);
        Waiting waiting = scanned(wechat, realm, "bob");
        try (Chromium browser = waiting.browser(); Chromium phone = phoneOpensTheLink(wechat, "bob")) {
            phone.await(By.id("wechat-confirm-no")).click();
            assertTrue(phone.await(By.id("wechat-confirm-message")).getText().contains("Sign-in denied"));

            browser.waitUpTo(Duration.ofSeconds(10)).until(d ->
                    "denied".equals(d.findElement(By.id("wechat-qr")).getAttribute("data-state")));
            assertTrue(browser.await(By.id("wechat-qr-state")).getText().contains("denied on the phone"));
            assertTrue(browser.await(By.id("wechat-qr-refresh")).isDisplayed(), "a way on: a new code");
            assertTrue(browser.await(By.id("wechat-qr-back")).isDisplayed(), "and the way back");
            browser.screenshot("wechat-confirm-denied");
            assertNull(realm.userLinkedTo(wechat.sandbox().state().openidOf("bob", realm.app().appId())),
                    "nobody was signed in");
        }
    }

    @Test
    void anotherWeChatUserCannotConfirmSomeoneElsesScan(WeChatSandbox wechat) {
        WeChatRealm realm = confirmingRealm(wechat);
        Waiting waiting = scanned(wechat, realm, "bob");
        try (Chromium browser = waiting.browser()) {
            // Carol got hold of Bob's link (forwarded, or shoulder-surfed) and opens it on her own phone.
            try (Chromium carol = Chromium.start(HttpBrowser.WECHAT_USER_AGENT)) {
                carol.open(waiting.link());
                new Select(carol.await(By.id("sandbox-user"))).selectByValue("carol");
                carol.await(By.id("sandbox-allow")).click();
                assertTrue(carol.await(By.id("wechat-confirm-message")).getText().contains("another WeChat account"));
                assertTrue(carol.driver().findElements(By.id("wechat-confirm-yes")).isEmpty(), "no Confirm for her");
            }
            assertEquals("confirming", browser.await(By.id("wechat-qr")).getAttribute("data-state"),
                    "the browser still waits for the scanner");
            assertTrue(wechat.server().readLog().contains("opened by a WeChat user other than the one who scanned"));

            // Bob himself still can.
            try (Chromium phone = phoneOpensTheLink(wechat, "bob")) {
                phone.await(By.id("wechat-confirm-yes")).click();
                String landed = browser.waitUpTo(Duration.ofSeconds(15)).until(d ->
                        waiting.app().isCallback(URI.create(d.getCurrentUrl())) ? d.getCurrentUrl() : null);
                String sub = waiting.app().finish(waiting.request(), URI.create(landed)).idTokenClaims().path("sub").asText();
                assertEquals(realm.userLinkedTo(wechat.sandbox().state().openidOf("bob", realm.app().appId()))
                        .path("id").asText(), sub);
            }
            assertNull(realm.userLinkedTo(wechat.sandbox().state().openidOf("carol", realm.app().appId())));
        }
    }
}
