package io.github.keycloakwechat.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.keycloakwechat.loginpage.CssColor;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * Colors land verbatim in the login page's {@code <style>} block (custom properties), so whatever {@link CssColor}
 * accepts must be unable to end the declaration, the rule or the style element, or to load anything: only the
 * characters colors are written with (no ;, {, }, &lt;, quotes, backslash, url(), comments), trimmed, at most 64
 * characters; and parsing must not hang on any input.
 */
class CssColorFuzzTest {

    /** Letters, digits, '#', the punctuation of rgb()/hsl() and whitespace; nothing a CSS or HTML parser acts on. */
    static final Pattern CSS_SAFE = Pattern.compile("[A-Za-z0-9#(),.%/+\\- \\t\\n\\x0B\\f\\r]{1,64}");

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    @DictionaryEntries({"#", "rgb(", "rgba(", "hsl(", "hsla(", ")", ",", "/", "%", "deg", ".", "url(", ";", "}",
            "</style>", "\"", "'", "\\", "/*", "red", "transparent", "currentColor", "expression("})
    void parse(byte[] data) {
        String value = FuzzSupport.utf8(data);
        Optional<String> color = CssColor.parse(value);
        if (color.isEmpty()) {
            return;
        }
        String css = color.get();
        assertEquals(value.trim(), css, "an accepted color is returned trimmed, otherwise unchanged");
        assertTrue(CSS_SAFE.matcher(css).matches(), () -> "unsafe characters in accepted color: " + css);
        assertTrue(!css.contains("/*") && !css.toLowerCase(java.util.Locale.ROOT).contains("url("),
                () -> "comment or url() in accepted color: " + css);
    }
}
