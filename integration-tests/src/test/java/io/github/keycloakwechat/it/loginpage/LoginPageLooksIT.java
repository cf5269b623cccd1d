package io.github.keycloakwechat.it.loginpage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.it.support.Chromium;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;

/**
 * The configurable login page as a person sees it in headless Chromium: the left side in each mode, the six colors,
 * the Markdown footer, sanitized HTML, changes through the admin REST API, phone and desktop widths, Chinese.
 * Screenshots go to {@code target/screenshots/login-page-*.png}.
 */
@KeycloakTest
class LoginPageLooksIT {

    @Test
    void theDefaultPageShowsTheBundledImageTheRealmNameAndBothTabs(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat);
        try (Chromium chromium = Chromium.start()) {
            open(chromium, realm);
            WebElement left = chromium.await(By.id("wechat-left"));
            assertEquals("image", left.getAttribute("data-mode"));
            WebElement image = chromium.await(By.id("wechat-left-image"));
            assertTrue(image.getAttribute("src").endsWith("/img/wechat-login-side.svg"), image.getAttribute("src"));
            chromium.waitUpTo(java.time.Duration.ofSeconds(10)).until(d ->
                    (Boolean) Pages.script(chromium, "return arguments[0].complete && arguments[0].naturalWidth > 0;", image));
            assertEquals(LoginPageRealm.DISPLAY_NAME, chromium.await(By.id("kc-header-wrapper")).getText());
            assertEquals("Password", chromium.await(By.id("wechat-tab-password")).getText());
            assertEquals("WeChat QR code", chromium.await(By.id("wechat-tab-qr")).getText());
            assertEquals("true", chromium.await(By.id("wechat-tab-password")).getAttribute("aria-selected"));
            assertTrue(chromium.await(By.id("username")).isDisplayed());
            chromium.screenshot("login-page-left-image-default");
        }
    }

    @Test
    void aCustomImageAndTheNoneMode(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat);
        realm.settings(Map.of("leftImageUrl", "/realms/" + realm.name() + "/not-an-image.png"));
        try (Chromium chromium = Chromium.start()) {
            open(chromium, realm);
            String src = chromium.await(By.id("wechat-left-image")).getAttribute("src");
            assertEquals(wechat.server().baseUrl() + "/realms/" + realm.name() + "/not-an-image.png", src);

            realm.settings(Map.of("leftMode", "none"));
            open(chromium, realm);
            chromium.await(By.id("kc-form-login"));
            assertTrue(chromium.driver().findElements(By.id("wechat-left")).isEmpty());
            chromium.screenshot("login-page-left-none");
        }
    }

    @Test
    void theHtmlModeRendersSanitizedHtmlWhoseScriptsNeverRun(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat);
        realm.settings(Map.of("leftMode", "html", "leftHtml",
                "<h2 class=\"brand-welcome\">Welcome to ACME</h2>"
                        + "<script>window.__wechatPwned = 'script';</script>"
                        + "<img src=\"/no-such-image.png\" onerror=\"window.__wechatPwned = 'onerror'\">"
                        + "<a class=\"bad-link\" href=\"javascript:window.__wechatPwned = 'link'\">click</a>"
                        + "<p style=\"color: rgb(1, 2, 3)\" onmouseover=\"window.__wechatPwned = 'hover'\">styled</p>"));
        try (Chromium chromium = Chromium.start()) {
            open(chromium, realm);
            WebElement html = chromium.await(By.id("wechat-left-html"));
            assertEquals("html", chromium.await(By.id("wechat-left")).getAttribute("data-mode"));
            assertEquals("Welcome to ACME", html.findElement(By.cssSelector("h2.brand-welcome")).getText());
            assertTrue(html.findElements(By.tagName("script")).isEmpty());
            assertTrue(html.findElements(By.cssSelector("[onerror], [onmouseover]")).isEmpty());
            assertTrue(html.findElements(By.cssSelector("a[href^='javascript']")).isEmpty());
            assertEquals("rgb(1, 2, 3)", Pages.computed(chromium, "#wechat-left-html p", "color"));
            // Give a broken image's onerror a chance to fire, had it survived.
            chromium.waitUpTo(java.time.Duration.ofSeconds(3)).until(d ->
                    (Boolean) Pages.script(chromium, "return document.readyState === 'complete';"));
            html.findElement(By.tagName("p")).click();
            assertEquals(null, Pages.script(chromium, "return window.__wechatPwned === undefined ? null : window.__wechatPwned;"));
            chromium.screenshot("login-page-left-html");
        }
    }

    @Test
    void theSixColorsAreTheComputedStylesOfTheirElements(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat);
        realm.settings(Map.of(
                "pageBackgroundColor", "#102030",
                "textColor", "#f0e0d0",
                "formBackgroundColor", "rgba(1, 2, 3, 0.5)",
                "formTextColor", "#fedcba",
                "buttonBackgroundColor", "rgb(200, 10, 20)",
                "buttonTextColor", "hsl(120, 100%, 25%)"));
        try (Chromium chromium = Chromium.start()) {
            open(chromium, realm);
            assertEquals("rgb(16, 32, 48)", Pages.computed(chromium, "body", "background-color"));
            assertEquals("rgb(240, 224, 208)", Pages.computed(chromium, "#kc-header-wrapper", "color"));
            assertEquals("rgba(1, 2, 3, 0.5)", Pages.computed(chromium, "#wechat-form-card", "background-color"));
            assertEquals("rgb(254, 220, 186)", Pages.computed(chromium, "#wechat-form-card", "color"));
            assertEquals("rgb(254, 220, 186)", Pages.computed(chromium, "#kc-page-title", "color"));
            assertEquals("rgb(254, 220, 186)", Pages.computed(chromium, "label[for='username']", "color"));
            assertEquals("rgb(200, 10, 20)", Pages.computed(chromium, "#kc-login", "background-color"));
            assertEquals("rgb(0, 128, 0)", Pages.computed(chromium, "#kc-login", "color"));
            // Fields stay dark on white whatever the form text color: typed text must stay readable.
            assertEquals("rgb(21, 21, 21)", Pages.computed(chromium, "#username", "color"));
            chromium.screenshot("login-page-colors");
        }
    }

    @Test
    void aBadColorFallsBackToTheDefaultAndCannotInjectCss(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat);
        int mark = wechat.server().hasLog() ? wechat.server().logMark() : 0;
        realm.settings(Map.of("pageBackgroundColor", "red;}body{display:none}#x{color:red",
                "buttonTextColor", "not-a-color"));
        try (Chromium chromium = Chromium.start()) {
            open(chromium, realm);
            assertTrue(chromium.await(By.id("kc-form-login")).isDisplayed());
            assertEquals("rgb(0, 0, 0)", Pages.computed(chromium, "body", "background-color"));
            assertEquals("rgb(255, 255, 255)", Pages.computed(chromium, "#kc-login", "color"));
        }
        if (wechat.server().hasLog()) {
            String log = wechat.server().logSince(mark);
            assertTrue(log.contains("wechat.loginPage.pageBackgroundColor") && log.contains(realm.name()), log);
        }
    }

    @Test
    void theMarkdownFooterRendersALink(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat);
        realm.settings(Map.of("footerMarkdown", "[京ICP备12345678号-1](https://beian.miit.gov.cn/) · **ACME** <b>raw</b>"));
        try (Chromium chromium = Chromium.start()) {
            open(chromium, realm);
            WebElement footer = chromium.await(By.id("wechat-footer"));
            WebElement link = footer.findElement(By.cssSelector("a[href='https://beian.miit.gov.cn/']"));
            assertEquals("京ICP备12345678号-1", link.getText());
            assertEquals("_blank", link.getAttribute("target"));
            assertTrue(link.getAttribute("rel").contains("noopener"), link.getAttribute("rel"));
            assertEquals("ACME", footer.findElement(By.tagName("strong")).getText());
            assertTrue(footer.getText().contains("<b>raw</b>"), "raw HTML in Markdown is text: " + footer.getText());
            chromium.screenshot("login-page-footer");
        }
    }

    @Test
    void aChangeThroughTheAdminRestApiShowsOnTheNextLoadAndAClientCanOverrideIt(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat);
        try (Chromium chromium = Chromium.start()) {
            open(chromium, realm);
            assertEquals(LoginPageRealm.DISPLAY_NAME, chromium.await(By.id("kc-header-wrapper")).getText());

            realm.settings(Map.of("useRealmName", "false", "systemName", "ACME 统一登录"));
            chromium.driver().navigate().refresh();
            assertEquals("ACME 统一登录", chromium.await(By.id("kc-header-wrapper")).getText());

            realm.clientSettings(Map.of("systemName", "Second brand"));
            open(chromium, realm);
            assertEquals("Second brand", chromium.await(By.id("kc-header-wrapper")).getText());

            realm.settings(Map.of("enabled", "false"));
            open(chromium, realm);
            chromium.await(By.id("kc-form-login"));
            assertTrue(chromium.driver().findElements(By.id("wechat-left")).isEmpty(), "switched off: no left side");
            assertTrue(chromium.driver().findElements(By.id("wechat-tabs")).isEmpty(), "switched off: no tabs");
            assertFalse(chromium.await(By.tagName("body")).getAttribute("class").contains("wechat-custom"));
        }
    }

    @Test
    void thePageAt1440AndAt360PixelsWide(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat);
        realm.settings(Map.of("footerMarkdown", "[京ICP备12345678号-1](https://beian.miit.gov.cn/)"));
        try (Chromium chromium = Chromium.start()) {
            Pages.viewport(chromium, 1440, 900, false);
            open(chromium, realm);
            WebElement left = chromium.await(By.id("wechat-left"));
            WebElement card = chromium.await(By.id("wechat-form-card"));
            assertTrue(left.isDisplayed());
            Rectangle leftBox = left.getRect();
            Rectangle cardBox = card.getRect();
            assertTrue(leftBox.getX() + leftBox.getWidth() <= cardBox.getX(), "the left side is beside the form");
            assertTrue(cardBox.getX() + cardBox.getWidth() <= 1440);
            chromium.screenshot("login-page-1440");

            Pages.viewport(chromium, 360, 740, true);
            open(chromium, realm);
            card = chromium.await(By.id("wechat-form-card"));
            assertFalse(chromium.await(By.id("wechat-left")).isDisplayed(), "phones show the form alone");
            cardBox = card.getRect();
            assertTrue(cardBox.getX() >= 0 && cardBox.getX() + cardBox.getWidth() <= 360, "form inside 360 px: " + cardBox);
            WebElement username = chromium.await(By.id("username"));
            assertTrue(username.isDisplayed() && username.getRect().getWidth() >= 200, "a usable field: " + username.getRect());
            assertTrue(chromium.await(By.id("kc-login")).isDisplayed());
            Number scrollWidth = (Number) Pages.script(chromium, "return document.documentElement.scrollWidth;");
            assertTrue(scrollWidth.intValue() <= 360, "no sideways scrolling: " + scrollWidth);
            chromium.screenshot("login-page-360");
            username.sendKeys("someone");
            assertEquals("someone", username.getAttribute("value"));
        }
    }

    @Test
    void theChineseLocaleShowsChinese(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat);
        try (Chromium chromium = Chromium.start()) {
            chromium.open(realm.client().newAuthorizationRequest(Map.of("ui_locales", "zh-CN")).uri().toString());
            assertEquals("账号密码登录", chromium.await(By.id("wechat-tab-password")).getText());
            assertEquals("微信扫码登录", chromium.await(By.id("wechat-tab-qr")).getText());
            assertEquals("登录方式", chromium.await(By.id("wechat-tabs")).getAttribute("aria-label"));
            assertEquals("zh-CN", chromium.await(By.tagName("html")).getAttribute("lang"));
            String text = chromium.await(By.tagName("body")).getText();
            assertTrue(text.contains("登录"), text);
            chromium.screenshot("login-page-zh-CN");
            // Keycloak's locale selector still switches the page.
            WebElement select = chromium.await(By.id("login-select-toggle"));
            assertNotNull(select);
        }
    }

    @Test
    void keycloaksOwnErrorPagesWearTheTheme(WeChatSandbox wechat) {
        LoginPageRealm realm = LoginPageRealm.create(wechat);
        realm.settings(Map.of("useRealmName", "false", "systemName", "Error page brand"));
        // A login step without this browser's auth session: Keycloak answers with its error page.
        HttpBrowser.Page error = new HttpBrowser().get(wechat.server().realmUrl(realm.name())
                + "/login-actions/authenticate?client_id=test-app&tab_id=nope");
        assertTrue(error.status() >= 400, error::toString);
        org.jsoup.nodes.Document html = error.html();
        assertNotNull(html.selectFirst("body.wechat-custom"), error.body());
        assertNotNull(html.selectFirst("#wechat-left"), error.body());
        assertEquals("Error page brand", html.selectFirst("#kc-header-wrapper").text());
    }

    private void open(Chromium chromium, LoginPageRealm realm) {
        chromium.open(realm.client().newAuthorizationRequest().uri().toString());
    }
}
