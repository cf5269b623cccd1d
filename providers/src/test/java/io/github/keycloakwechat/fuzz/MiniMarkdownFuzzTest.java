package io.github.keycloakwechat.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.keycloakwechat.loginpage.MiniMarkdown;
import io.github.keycloakwechat.loginpage.SafeHtml;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * The footer's Markdown: {@link MiniMarkdown#toHtml} must produce only its own handful of tags (p, br, strong, em,
 * code, a with an http(s)/mailto/same-site href and target=_blank, img with such a src) around escaped text, whatever
 * the source, within the 10 s per-input limit (a regular expression that backtracks would hang the login page). What it
 * produces then passes {@link SafeHtml#footer}, and the result must be harmless. The source is capped at 4,000
 * characters by LoginPageSettings; the fuzzer's inputs stay below libFuzzer's default of 4,096 bytes.
 */
class MiniMarkdownFuzzTest {

    /**
     * The renderer's tags. Attribute values are checked by {@link #isEscapedText} rather than by the pattern: a regular
     * expression that loops over a group recurses once per character in java.util.regex and overflowed the stack on
     * long text (the first version of this test did, which Jazzer duly reported).
     */
    private static final String ATTR = "([^<>\"]*)";
    private static final Pattern TAG = Pattern.compile("<(?:/?(?:p|strong|em|code|a)|br"
            + "|a href=\"" + ATTR + "\" target=\"_blank\""
            + "|img src=\"" + ATTR + "\" alt=\"" + ATTR + "\")>");
    private static final String[] REFERENCES = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    // No line breaks in the entries: Jazzer 0.24 writes them unescaped and libFuzzer then rejects the dictionary.
    @DictionaryEntries({"[", "](", ")", "![", "<http://", "<https://", "**", "*", "`",
            "https://", "http://", "mailto:", "javascript:", "JaVaScRiPt:", "data:", "//", "/", "#", "<script>",
            "\" onerror=\"", "&", "&#106;", "<img src=x onerror=alert(1)>"})
    void render(byte[] data) {
        String markdown = FuzzSupport.utf8(data);
        String html = MiniMarkdown.toHtml(markdown);

        Matcher tag = TAG.matcher(html);
        int last = 0;
        while (tag.find()) {
            assertText(html.substring(last, tag.start()), html);
            for (int group = 1; group <= tag.groupCount(); group++) {
                if (tag.group(group) != null) {
                    assertText(tag.group(group), html);
                }
            }
            String url = tag.group(1) != null ? tag.group(1) : tag.group(2);
            if (url != null) {
                assertSafeUrl(FuzzSupport.unescape(url), html);
            }
            last = tag.end();
        }
        assertText(html.substring(last), html);

        FuzzSupport.assertHarmlessHtml(html, "rendered Markdown");
        FuzzSupport.assertHarmlessHtml(SafeHtml.footer(html), "sanitized footer");
    }

    private static void assertText(String text, String html) {
        assertTrue(isEscapedText(text), () -> "unescaped markup outside the renderer's tags: " + html);
    }

    /** No raw markup character, and only the character references the renderer writes. */
    private static boolean isEscapedText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '<' || c == '>' || c == '"' || c == '\'') {
                return false;
            }
            if (c == '&') {
                int at = i;
                java.util.Optional<String> reference = java.util.Arrays.stream(REFERENCES)
                        .filter(r -> text.startsWith(r, at)).findFirst();
                if (reference.isEmpty()) {
                    return false;
                }
                i += reference.get().length() - 1;
            }
        }
        return true;
    }

    /** The renderer's own rule, checked independently: http(s), mailto, a same-site path or a fragment. */
    private static void assertSafeUrl(String url, String html) {
        String lower = url.toLowerCase(Locale.ROOT);
        boolean safe = lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("mailto:")
                || (lower.startsWith("/") && !lower.startsWith("//")) || lower.startsWith("#");
        assertTrue(safe && FuzzSupport.isHarmlessUrl(url), () -> "unsafe URL " + url + " in " + html);
    }
}
