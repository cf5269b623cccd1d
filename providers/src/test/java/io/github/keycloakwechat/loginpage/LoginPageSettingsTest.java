package io.github.keycloakwechat.loginpage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginPageSettingsTest {

    private final List<String> problems = new ArrayList<>();

    private LoginPageSettings read(Map<String, String> realm, Map<String, String> client) {
        return LoginPageSettings.read(realm, client, (setting, why) -> problems.add(setting.settingName()));
    }

    private static String key(LoginPageSetting setting) {
        return setting.attribute();
    }

    @Test
    void theDefaultsFollowTheHomeConfigurationTable() {
        LoginPageSettings settings = read(Map.of(), Map.of());
        assertTrue(settings.enabled());
        assertEquals(Optional.empty(), settings.customSystemName());
        assertEquals(LeftPanelMode.IMAGE, settings.leftMode());
        assertEquals(Optional.empty(), settings.leftImageUrl(), "the bundled image, not Bing's");
        assertEquals(List.of(LoginMethod.PASSWORD, LoginMethod.QR, LoginMethod.BUTTONS), settings.methods());
        assertEquals(LoginMethod.PASSWORD, settings.defaultMethod());
        assertEquals("#000", settings.palette().getPageBackground());
        assertEquals("#fff", settings.palette().getText());
        assertEquals("rgba(255,255,255,0.12)", settings.palette().getFormBackground());
        assertEquals("#fff", settings.palette().getFormText());
        assertEquals("rgba(255,255,255,0.2)", settings.palette().getButtonBackground());
        assertEquals("#fff", settings.palette().getButtonText());
        assertEquals(List.of(), problems);
    }

    @Test
    void aClientOverridesTheRealm() {
        LoginPageSettings settings = read(
                Map.of(key(LoginPageSetting.USE_REALM_NAME), "false", key(LoginPageSetting.SYSTEM_NAME), "Realm brand",
                        key(LoginPageSetting.PAGE_BACKGROUND_COLOR), "#111111"),
                Map.of(key(LoginPageSetting.SYSTEM_NAME), "Client brand", key(LoginPageSetting.PAGE_BACKGROUND_COLOR), " "));
        assertEquals(Optional.of("Client brand"), settings.customSystemName());
        assertEquals("#111111", settings.palette().getPageBackground(), "a blank client value does not override");
    }

    /** A fuzzing finding: a name of control characters became an empty custom name instead of the realm's. */
    @Test
    void aSystemNameOfControlCharactersIsNoName() {
        LoginPageSettings settings = read(
                Map.of(key(LoginPageSetting.USE_REALM_NAME), "false", key(LoginPageSetting.SYSTEM_NAME), "\u0001\u0002"),
                Map.of());
        assertEquals(Optional.empty(), settings.customSystemName());
        assertEquals(List.of(LoginPageSetting.SYSTEM_NAME.settingName()), problems);
    }

    @Test
    void aClientSetsContentOnlyWhenTheRealmAllowsIt() {
        Map<String, String> client = Map.of(
                key(LoginPageSetting.LEFT_MODE), "iframe",
                key(LoginPageSetting.LEFT_IFRAME_URL), "https://attacker.example/phish",
                key(LoginPageSetting.FOOTER_MARKDOWN), "[Reset password here](https://attacker.example/reset)",
                key(LoginPageSetting.ALLOW_CLIENT_CONTENT), "true",
                key(LoginPageSetting.BUTTON_BACKGROUND_COLOR), "#123456");

        LoginPageSettings closed = read(Map.of(), client);
        assertEquals(Optional.empty(), closed.leftFrame(), "no frame: the iframe URL is the realm's to set");
        assertEquals("", closed.footerHtml(), "no footer links from a client");
        assertEquals("#123456", closed.palette().getButtonBackground(), "colors stay a client's to set");

        LoginPageSettings open = read(Map.of(key(LoginPageSetting.ALLOW_CLIENT_CONTENT), "true"), client);
        assertEquals("https://attacker.example", open.leftFrame().orElseThrow().origin());
        assertTrue(open.footerHtml().contains("https://attacker.example/reset"));
    }

    @Test
    void badValuesFallBackToTheDefaultsAndAreReported() {
        LoginPageSettings settings = read(Map.of(
                key(LoginPageSetting.ENABLED), "yes",
                key(LoginPageSetting.LEFT_MODE), "iframe",
                key(LoginPageSetting.LEFT_IFRAME_URL), "http://example.com/",
                key(LoginPageSetting.METHODS), "sms",
                key(LoginPageSetting.DEFAULT_METHOD), "buttons",
                key(LoginPageSetting.BUTTON_TEXT_COLOR), "red;}body{display:none"), Map.of());
        assertTrue(settings.enabled());
        assertEquals(LeftPanelMode.IMAGE, settings.leftMode());
        assertEquals(Optional.empty(), settings.leftFrame());
        assertEquals(List.of(LoginMethod.PASSWORD, LoginMethod.QR, LoginMethod.BUTTONS), settings.methods());
        assertEquals(LoginMethod.PASSWORD, settings.defaultMethod());
        assertEquals("#fff", settings.palette().getButtonText());
        assertEquals(List.of("enabled", "leftIframeUrl", "methods", "methods", "defaultMethod", "buttonTextColor"), problems);
    }

    @Test
    void methodsKeepTheAdminsOrder() {
        LoginPageSettings settings = read(Map.of(key(LoginPageSetting.METHODS), "qr, password, qr",
                key(LoginPageSetting.DEFAULT_METHOD), "qr"), Map.of());
        assertEquals(List.of(LoginMethod.QR, LoginMethod.PASSWORD), settings.methods());
        assertEquals(LoginMethod.QR, settings.defaultMethod());
    }

    @Test
    void theHtmlPanelIsSanitized() {
        LoginPageSettings settings = read(Map.of(key(LoginPageSetting.LEFT_MODE), "html",
                key(LoginPageSetting.LEFT_HTML), "<h1 onclick=\"alert(1)\">Hi</h1><script>alert(2)</script>"
                        + "<iframe src=\"https://evil.example\"></iframe><a href=\"javascript:alert(3)\">x</a>"
                        + "<p style=\"color: red; position: fixed\">ok</p>"), Map.of());
        String html = settings.leftHtml();
        assertTrue(html.contains("<h1>Hi</h1>"), html);
        assertFalse(html.contains("script") || html.contains("onclick") || html.contains("iframe")
                || html.contains("javascript"), html);
        assertFalse(html.contains("position"), html);
        assertTrue(html.contains("color:red"), html);
    }

    @Test
    void anIframeBringsItsOrigin() {
        LoginPageSettings settings = read(Map.of(key(LoginPageSetting.LEFT_MODE), "iframe",
                key(LoginPageSetting.LEFT_IFRAME_URL), "https://brand.example/intro"), Map.of());
        assertEquals(LeftPanelMode.IFRAME, settings.leftMode());
        assertEquals("https://brand.example", settings.leftFrame().orElseThrow().origin());
    }

    @Test
    void theAdminTabRejectsWhatThePageWouldIgnore() {
        assertEquals(List.of(), LoginPageSettings.problemsOf(Map.of(LoginPageSetting.TEXT_COLOR, "#abc")));
        assertEquals(List.of(LoginPageSetting.TEXT_COLOR),
                LoginPageSettings.problemsOf(Map.of(LoginPageSetting.TEXT_COLOR, "#ab", LoginPageSetting.LEFT_MODE, "html")));
    }
}
