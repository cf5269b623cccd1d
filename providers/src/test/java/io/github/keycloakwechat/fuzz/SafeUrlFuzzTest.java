package io.github.keycloakwechat.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.keycloakwechat.loginpage.SafeUrl;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * The login page's URLs, as the browser will read them. An iframe page ({@link SafeUrl#frame}) is https, or http on
 * a loopback host; an image ({@link SafeUrl#image}) is http(s) or a same-site path. Neither carries credentials, a
 * character that could leave the HTML attribute (double quotes, angle brackets, whitespace, backslash) or another
 * scheme; the frame's origin, which goes into the Content-Security-Policy header, is scheme://host[:port] and nothing
 * else, with a port a browser accepts.
 */
class SafeUrlFuzzTest {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    /** Characters that must never reach the attribute; the browser also drops tab and newline from URLs. */
    private static final Pattern ATTRIBUTE_BREAKERS = Pattern.compile("[\\x00-\\x20\"<>\\\\`\\x7F]");
    private static final Pattern ORIGIN = Pattern.compile("(https?)://([a-z0-9.\\-]+|\\[[0-9a-f:.]+\\])(:\\d{1,5})?");
    private static final Pattern ABSOLUTE = Pattern.compile("(?i)(https?)://([^/?#]*)(.*)", Pattern.DOTALL);

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    @DictionaryEntries({"https://", "http://", "HTTP://", "localhost", "127.0.0.1", "[::1]", "::1", "@", ":",
            "//", "/", "\\", "javascript:", "data:", "user:pass@", "#", "?", "%2F", "%40", ":443", ":8080", " ",
            "\t", "'", "\"", "<", "file:"})
    void check(byte[] data) {
        String value = FuzzSupport.utf8(data);

        Optional<SafeUrl.Frame> frame = SafeUrl.frame(value);
        if (frame.isPresent()) {
            String url = frame.get().url();
            assertNoAttributeBreakers(url);
            var m = ABSOLUTE.matcher(url);
            assertTrue(m.matches(), () -> "frame URL is not http(s): " + url);
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            String authority = m.group(2).toLowerCase(Locale.ROOT);
            assertFalse(authority.contains("@"), () -> "credentials in frame URL: " + url);
            String host = authority.replaceFirst(":\\d*$", "");
            assertTrue(scheme.equals("https") || LOOPBACK.contains(host), () -> "plain http off localhost: " + url);
            String origin = frame.get().origin();
            var o = ORIGIN.matcher(origin);
            assertTrue(o.matches() && (o.group(3) == null || Integer.parseInt(o.group(3).substring(1)) <= 65535),
                    () -> "origin unfit for a CSP header: " + origin);
            assertTrue(origin.startsWith(scheme + "://" + host), () -> "origin " + origin + " is not that of " + url);
        }

        Optional<String> image = SafeUrl.image(value);
        if (image.isPresent()) {
            String url = image.get();
            assertNoAttributeBreakers(url);
            if (url.startsWith("/")) {
                assertFalse(url.startsWith("//"), () -> "protocol-relative image: " + url);
            } else {
                var m = ABSOLUTE.matcher(url);
                assertTrue(m.matches(), () -> "image URL is neither http(s) nor a path: " + url);
                assertFalse(m.group(2).contains("@"), () -> "credentials in image URL: " + url);
                assertFalse(m.group(2).isEmpty(), () -> "image URL without host: " + url);
            }
        }
    }

    private static void assertNoAttributeBreakers(String url) {
        assertFalse(ATTRIBUTE_BREAKERS.matcher(url).find(), () -> "attribute-breaking character in " + url);
    }
}
