package io.github.keycloakwechat.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.keycloakwechat.loginpage.LeftPanelMode;
import io.github.keycloakwechat.loginpage.LoginMethod;
import io.github.keycloakwechat.loginpage.LoginPageSetting;
import io.github.keycloakwechat.loginpage.LoginPageSettings;
import io.github.keycloakwechat.loginpage.Palette;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LoginPageSettings#read} on any realm and client attributes: it never throws (the login page must always
 * render), and what it returns keeps its promises: at least one tab and a default among them, a frame only in iframe
 * mode, HTML only in HTML mode and harmless, a harmless footer, CSS-safe colors, a bounded name; and a client's content
 * settings count only when the realm allows them.
 *
 * <p>Input: records separated by NUL, each {@code r:name=value} (realm) or {@code c:name=value} (client), where a
 * setting's short name (e.g. {@code footerMarkdown}) stands for its attribute and any other name is used verbatim.
 */
class LoginPageSettingsFuzzTest {

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    @DictionaryEntries({"\u0000r:", "\u0000c:", "=", "enabled", "useRealmName", "systemName", "leftMode",
            "leftImageUrl", "leftIframeUrl", "leftHtml", "methods", "defaultMethod", "footerMarkdown",
            "pageBackgroundColor", "textColor", "formBackgroundColor", "formTextColor", "buttonBackgroundColor",
            "buttonTextColor", "allowClientContent", "true", "false", "image", "iframe", "html", "none", "password",
            "qr", "buttons", "https://", "http://localhost", "<script>", "javascript:", "rgb(", "#"})
    void read(byte[] data) {
        Map<String, String> realm = new HashMap<>();
        Map<String, String> client = new HashMap<>();
        for (String record : FuzzSupport.utf8(data).split("\u0000")) {
            if (record.length() < 2 || record.charAt(1) != ':') {
                continue;
            }
            int eq = record.indexOf('=', 2);
            String name = eq < 0 ? record.substring(2) : record.substring(2, eq);
            String value = eq < 0 ? "" : record.substring(eq + 1);
            String attribute = LoginPageSetting.bySettingName(name).map(LoginPageSetting::attribute).orElse(name);
            (record.charAt(0) == 'r' ? realm : client).put(attribute, value);
        }

        LoginPageSettings settings = LoginPageSettings.read(realm, client, (setting, why) -> { });

        List<LoginMethod> methods = settings.methods();
        assertFalse(methods.isEmpty());
        assertEquals(methods.size(), new HashSet<>(methods).size(), "duplicate methods");
        assertTrue(methods.stream().anyMatch(LoginMethod::isTab), "no tab");
        assertTrue(methods.contains(settings.defaultMethod()) && settings.defaultMethod().isTab(), "bad default");
        assertEquals(settings.leftMode() == LeftPanelMode.IFRAME, settings.leftFrame().isPresent());
        if (settings.leftMode() != LeftPanelMode.HTML) {
            assertEquals("", settings.leftHtml());
        }
        FuzzSupport.assertHarmlessHtml(settings.leftHtml(), "left panel HTML");
        FuzzSupport.assertHarmlessHtml(settings.footerHtml(), "footer HTML");
        settings.customSystemName().ifPresent(name -> assertTrue(!name.isEmpty() && name.length() <= 120,
                () -> "custom system name empty or too long: '" + name + "'"));
        for (String color : colors(settings.palette())) {
            assertTrue(CssColorFuzzTest.CSS_SAFE.matcher(color).matches(), () -> "unsafe color " + color);
        }

        String allow = realm.get(LoginPageSetting.ALLOW_CLIENT_CONTENT.attribute());
        if (allow == null || !allow.trim().toLowerCase(Locale.ROOT).equals("true")) {
            Map<String, String> withoutContent = new HashMap<>(client);
            for (LoginPageSetting setting : LoginPageSetting.values()) {
                if (setting.isClientContent()) {
                    withoutContent.remove(setting.attribute());
                }
            }
            assertSame(settings, LoginPageSettings.read(realm, withoutContent, (setting, why) -> { }));
        }
    }

    private static List<String> colors(Palette p) {
        return List.of(p.getPageBackground(), p.getText(), p.getFormBackground(), p.getFormText(),
                p.getButtonBackground(), p.getButtonText());
    }

    /** Field by field: the palette has no equals. */
    private static void assertSame(LoginPageSettings expected, LoginPageSettings actual) {
        String message = "a client changed content settings the realm does not let clients change";
        assertEquals(expected.enabled(), actual.enabled(), message);
        assertEquals(expected.customSystemName(), actual.customSystemName(), message);
        assertEquals(expected.leftMode(), actual.leftMode(), message);
        assertEquals(expected.leftImageUrl(), actual.leftImageUrl(), message);
        assertEquals(expected.leftFrame(), actual.leftFrame(), message);
        assertEquals(expected.leftHtml(), actual.leftHtml(), message);
        assertEquals(expected.methods(), actual.methods(), message);
        assertEquals(expected.defaultMethod(), actual.defaultMethod(), message);
        assertEquals(expected.footerHtml(), actual.footerHtml(), message);
        assertEquals(colors(expected.palette()), colors(actual.palette()), message);
    }
}
