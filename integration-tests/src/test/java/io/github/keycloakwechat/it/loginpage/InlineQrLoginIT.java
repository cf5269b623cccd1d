package io.github.keycloakwechat.it.loginpage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Service Account QR on the login page itself: scanning it signs the person in with no extra click, and the
 * password form stays one click away.
 */
@KeycloakTest
class InlineQrLoginIT {

    @Test
    void theInlineQrSignsInAfterAScan(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat).settings(Map.of("methods", "qr,password,buttons", "defaultMethod", "qr"));
        OidcClientFlow app = realm.client();
        OidcClientFlow.AuthorizationRequest request = app.newAuthorizationRequest();
        try (Chromium chromium = Chromium.start()) {
            chromium.open(request.uri().toString());
            assertEquals("true", chromium.await(By.id("wechat-tab-qr")).getAttribute("aria-selected"));
            WebElement frame = chromium.await(By.id("wechat-qr-frame"));
            assertTrue(frame.isDisplayed());
            // The provider's own button is not repeated below the tab.
            assertTrue(chromium.driver().findElements(By.id("social-wechat-mp")).isEmpty());

            chromium.driver().switchTo().frame(frame);
            String image = chromium.await(By.id("wechat-qr-image")).getAttribute("src");
            assertEquals("pending", chromium.await(By.id("wechat-qr")).getAttribute("data-state"));
            assertTrue(chromium.driver().findElements(By.id("kc-header")).isEmpty(), "the framed QR page is compact");
            chromium.driver().switchTo().defaultContent();
            chromium.screenshot("login-page-inline-qr");

            SandboxClient.ScanResult scan = wechat.phone().scan("alice", QrDecoder.decodeDataUri(image));
            assertTrue(scan.delivered(), scan.body()::toString);

            String landed = chromium.waitUpTo(Duration.ofSeconds(20))
                    .until(d -> app.isCallback(URI.create(d.getCurrentUrl())) ? d.getCurrentUrl() : null);
            OidcClientFlow.Tokens tokens = app.finish(request, URI.create(landed));
            String openid = wechat.sandbox().state().openidOf("alice", realm.wechat().app().appId());
            assertEquals(realm.wechat().userLinkedTo(openid).path("id").asText(), tokens.idTokenClaims().path("sub").asText());
        }
    }

    @Test
    void anotherProvidersButtonStillWorksAfterTheQrWasShown(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat).settings(Map.of("methods", "qr,password,buttons", "defaultMethod", "qr"));
        // A second, ordinary provider: its button must lead to its authorization endpoint, not to "page expired".
        ObjectNode corp = wechat.admin().object().put("alias", "corp-sso").put("providerId", "oidc").put("enabled", true)
                .put("displayName", "Corp SSO");
        corp.putObject("config").put("authorizationUrl", "http://127.0.0.1:1/authorize").put("tokenUrl", "http://127.0.0.1:1/token")
                .put("clientId", "kc").put("clientSecret", "s").put("clientAuthMethod", "client_secret_post");
        wechat.admin().createIdentityProvider(realm.name(), corp);
        try (Chromium chromium = Chromium.start()) {
            chromium.open(realm.client().newAuthorizationRequest().uri().toString());
            chromium.driver().switchTo().frame(chromium.await(By.id("wechat-qr-frame")));
            chromium.await(By.id("wechat-qr-image"));
            chromium.driver().switchTo().defaultContent();
            chromium.await(By.id("social-corp-sso")).click();
            String at = chromium.waitUpTo(Duration.ofSeconds(20))
                    .until(d -> d.getCurrentUrl().startsWith("http://127.0.0.1:1/authorize") ? d.getCurrentUrl() : null);
            assertTrue(at.contains("client_id=kc"), at);
        }
    }

    @Test
    void insideWeChatTheQrTabGivesWayToTheProviderButton(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat).settings(Map.of("methods", "qr,password,buttons", "defaultMethod", "qr"));
        HttpBrowser desktop = new HttpBrowser();
        HttpBrowser.Page onDesktop = desktop.followRedirects(desktop.get(realm.client().newAuthorizationRequest().uri()));
        assertNotNull(onDesktop.html().selectFirst("#wechat-tab-qr"), "a desktop browser gets the QR tab");
        HttpBrowser phone = new HttpBrowser().userAgent(HttpBrowser.WECHAT_USER_AGENT);
        HttpBrowser.Page inWeChat = phone.followRedirects(phone.get(realm.client().newAuthorizationRequest().uri()));
        assertNull(inWeChat.html().selectFirst("#wechat-tab-qr"), "a QR cannot be scanned by the phone showing it");
        assertNotNull(inWeChat.html().selectFirst("a#social-" + WeChatRealm.ALIAS), "the provider is a button instead");
    }

    @Test
    void thePasswordFormIsOneClickAwayFromTheQr(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat).settings(Map.of("methods", "qr,password", "defaultMethod", "qr"));
        String userId = wechat.admin().createUserWithPassword(realm.name(), "pat", "Secret-Pass-1");
        OidcClientFlow app = realm.client();
        OidcClientFlow.AuthorizationRequest request = app.newAuthorizationRequest();
        try (Chromium chromium = Chromium.start()) {
            chromium.open(request.uri().toString());
            WebElement frame = chromium.await(By.id("wechat-qr-frame"));
            chromium.driver().switchTo().frame(frame);
            chromium.await(By.id("wechat-qr-image"));
            chromium.driver().switchTo().defaultContent();

            chromium.await(By.id("wechat-tab-password")).click();
            WebElement username = chromium.await(By.id("username"));
            chromium.waitUpTo(Duration.ofSeconds(10)).until(d -> username.isDisplayed() ? true : null);
            assertEquals("true", chromium.await(By.id("wechat-tab-password")).getAttribute("aria-selected"));
            username.sendKeys("pat");
            chromium.await(By.id("password")).sendKeys("Secret-Pass-1");
            chromium.await(By.id("kc-login")).click();

            String landed = chromium.waitUpTo(Duration.ofSeconds(20))
                    .until(d -> app.isCallback(URI.create(d.getCurrentUrl())) ? d.getCurrentUrl() : null);
            assertEquals(userId, app.finish(request, URI.create(landed)).idTokenClaims().path("sub").asText());
        }
    }

    @Test
    void theKeyboardMovesBetweenTabsWithoutLoadingTheQr(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat);
        try (Chromium chromium = Chromium.start()) {
            chromium.open(realm.client().newAuthorizationRequest().uri().toString());
            WebElement passwordTab = chromium.await(By.id("wechat-tab-password"));
            WebElement frame = chromium.await(By.id("wechat-qr-frame"));
            assertEquals(null, frame.getDomAttribute("src"), "the QR is requested only when its tab opens");
            passwordTab.sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
            assertEquals("true", chromium.await(By.id("wechat-tab-qr")).getAttribute("aria-selected"));
            assertTrue(frame.isDisplayed());
            assertTrue(frame.getAttribute("src").contains("/broker/wechat-mp/login"), frame.getAttribute("src"));
            assertEquals("wechat-tab-qr", Pages.script(chromium, "return document.activeElement.id;"));
        }
    }

    @Test
    void withoutTheQrTabTheProviderIsAButtonAndItsQrPageWearsTheTheme(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat).settings(Map.of("methods", "password,buttons",
                "pageBackgroundColor", "#102030"));
        try (Chromium chromium = Chromium.start()) {
            chromium.open(realm.client().newAuthorizationRequest().uri().toString());
            assertTrue(chromium.driver().findElements(By.id("wechat-tabs")).isEmpty(), "one method: no tabs");
            chromium.await(By.id("social-wechat-mp")).click();
            chromium.await(By.id("wechat-qr-image"));
            assertTrue(chromium.await(By.id("wechat-left")).isDisplayed(), "the QR page has the themed layout");
            assertEquals("rgb(16, 32, 48)", Pages.computed(chromium, "body", "background-color"));
            assertTrue(chromium.await(By.id("wechat-qr-back")).isDisplayed(), "outside the frame the way back shows");
            chromium.screenshot("login-page-provider-qr-page");
        }
    }

    @Test
    void aWeChatErrorInTheQrFrameOffersRetryAndTheWayBack(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat).settings(Map.of("methods", "qr,password", "defaultMethod", "qr"));
        OidcClientFlow app = realm.client();
        OidcClientFlow.AuthorizationRequest request = app.newAuthorizationRequest(Map.of("ui_locales", "en"));
        // WeChat refuses the first two codes: the daily quota is used up (45009).
        wechat.phone().fault(Map.of("api", "qrcode/create", "errcode", 45009, "times", 2));
        try (Chromium chromium = Chromium.start()) {
            chromium.open(request.uri().toString());
            chromium.driver().switchTo().frame(chromium.await(By.id("wechat-qr-frame")));
            assertEquals("error", chromium.await(By.id("wechat-qr")).getAttribute("data-state"));
            assertTrue(chromium.await(By.id("wechat-qr-retry")).isDisplayed(), "a retry button in the frame");
            assertTrue(chromium.await(By.id("wechat-qr-back")).isDisplayed(), "and the way back");
            chromium.driver().switchTo().defaultContent();
            chromium.screenshot("login-page-inline-qr-error");

            // The way back leads the whole page, not the frame, to the login's other methods.
            chromium.driver().switchTo().frame(chromium.await(By.id("wechat-qr-frame")));
            chromium.await(By.id("wechat-qr-back")).click();
            chromium.driver().switchTo().defaultContent();
            chromium.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElements(By.id("wechat-tabs")).size() == 1);
            assertTrue(chromium.driver().findElements(By.id("wechat-qr-state")).isEmpty(), "not nested in the frame");

            // That page's QR tab met the second refusal; WeChat then recovers, and Retry brings a QR.
            chromium.driver().switchTo().frame(chromium.await(By.id("wechat-qr-frame")));
            chromium.await(By.id("wechat-qr-retry")).click();
            chromium.driver().switchTo().defaultContent();
            chromium.waitUpTo(Duration.ofSeconds(10)).until(d -> {
                d.switchTo().defaultContent();
                if (d.findElements(By.id("wechat-qr-frame")).isEmpty()) {
                    return false;
                }
                d.switchTo().frame(d.findElement(By.id("wechat-qr-frame")));
                return !d.findElements(By.id("wechat-qr-image")).isEmpty();
            });
            String image = chromium.await(By.id("wechat-qr-image")).getAttribute("src");
            chromium.driver().switchTo().defaultContent();
            assertEquals("true", chromium.await(By.id("wechat-tab-qr")).getAttribute("aria-selected"));

            SandboxClient.ScanResult scan = wechat.phone().scan("alice", QrDecoder.decodeDataUri(image));
            assertTrue(scan.delivered(), scan.body()::toString);
            String landed = chromium.waitUpTo(Duration.ofSeconds(20))
                    .until(d -> app.isCallback(URI.create(d.getCurrentUrl())) ? d.getCurrentUrl() : null);
            String openid = wechat.sandbox().state().openidOf("alice", realm.wechat().app().appId());
            assertEquals(realm.wechat().userLinkedTo(openid).path("id").asText(),
                    app.finish(request, URI.create(landed)).idTokenClaims().path("sub").asText());
        }
    }
}
