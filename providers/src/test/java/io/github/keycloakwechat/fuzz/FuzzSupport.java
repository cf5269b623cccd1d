package io.github.keycloakwechat.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fuzz tests share: turning the fuzzer's bytes into text, keeping the code under test from logging every
 * rejected input (millions of WARN lines would slow fuzzing down to a crawl and fill the disk), and the check that
 * HTML which reaches the login page can run nothing.
 */
final class FuzzSupport {

    /** Held strongly: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger PROJECT_LOGGER = Logger.getLogger("io.github.keycloakwechat");
    private static Level previousLevel;

    private FuzzSupport() {
    }

    /** The bytes as UTF-8; malformed sequences become U+FFFD, as they do when a servlet container decodes a form. */
    static String utf8(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Silences the project's loggers (jboss-logging goes to java.util.logging in the unit tests). */
    static synchronized void quietLogs() {
        previousLevel = PROJECT_LOGGER.getLevel();
        PROJECT_LOGGER.setLevel(Level.OFF);
    }

    /** Restores what {@link #quietLogs()} changed, so that tests which read logs are not affected. */
    static synchronized void restoreLogs() {
        PROJECT_LOGGER.setLevel(previousLevel);
    }

    // ---- HTML that reaches the login page --------------------------------------------------------------------------

    private static final Pattern TAG = Pattern.compile("<\\s*(/?)\\s*([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([^\\s\"'>/=]+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'=<>`]+)))?");
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?");
    private static final java.util.Set<String> FORBIDDEN_ELEMENTS = java.util.Set.of(
            "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
            "textarea", "select", "base", "meta", "link", "svg", "math", "template", "noscript", "xmp", "plaintext");
    private static final java.util.Set<String> URL_ATTRIBUTES = java.util.Set.of(
            "href", "src", "action", "formaction", "xlink:href", "background", "poster", "srcset", "data", "cite",
            "longdesc", "usemap", "lowsrc", "dynsrc");

    /**
     * Fails unless {@code html} is harmless on the login page: no scripting element, no event-handler attribute, no
     * URL attribute with a scheme other than http(s) or mailto (javascript:, vbscript:, data: ...), no style that
     * loads or computes anything.
     */
    static void assertHarmlessHtml(String html, String what) {
        String lower = html.toLowerCase(Locale.ROOT);
        if (lower.contains("<script") || lower.contains("</script")) {
            throw new AssertionError(what + " contains a script element: " + html);
        }
        Matcher tag = TAG.matcher(html);
        while (tag.find()) {
            String name = tag.group(2).toLowerCase(Locale.ROOT);
            if (FORBIDDEN_ELEMENTS.contains(name)) {
                throw new AssertionError(what + " contains a <" + name + "> element: " + html);
            }
            Matcher attribute = ATTRIBUTE.matcher(tag.group(3));
            while (attribute.find()) {
                String attr = attribute.group(1).toLowerCase(Locale.ROOT);
                String raw = attribute.group(2) != null ? attribute.group(2)
                        : attribute.group(3) != null ? attribute.group(3) : attribute.group(4);
                String value = raw == null ? "" : unescape(raw);
                if (attr.startsWith("on")) {
                    throw new AssertionError(what + " has an event-handler attribute " + attr + ": " + html);
                }
                if (URL_ATTRIBUTES.contains(attr) && !isHarmlessUrl(value)) {
                    throw new AssertionError(what + " has a dangerous URL in " + attr + ": " + html);
                }
                if (attr.equals("style")) {
                    String style = squeeze(value);
                    if (style.contains("url(") || style.contains("expression(") || style.contains("javascript:")
                            || style.contains("@import") || style.contains("behavior:")
                            || style.contains("-moz-binding")) {
                        throw new AssertionError(what + " has an active style: " + html);
                    }
                }
            }
        }
    }

    /** A URL a browser would not execute: relative, fragment, http(s) or mailto, after the browser's own clean-up. */
    static boolean isHarmlessUrl(String url) {
        String s = squeeze(url);
        int colon = s.indexOf(':');
        if (colon < 0) {
            return true; // relative (a path, query or fragment): same scheme as the page
        }
        int slash = indexOfAny(s, "/?#");
        if (slash >= 0 && slash < colon) {
            return true; // the colon is in the path, query or fragment, not a scheme
        }
        String scheme = s.substring(0, colon);
        return scheme.equals("http") || scheme.equals("https") || scheme.equals("mailto");
    }

    /**
     * Lower case without the characters browsers drop from URLs (ASCII tab, newline, and leading control and space
     * characters), so that "java\tscript:" and " javascript:" are seen for what they are.
     */
    private static String squeeze(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > ' ') {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Decodes the character references an attribute value may use, numeric and the named ones that matter. */
    static String unescape(String value) {
        Matcher m = NUMERIC_ENTITY.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int codePoint;
            try {
                codePoint = m.group(1) != null ? Integer.parseInt(m.group(1), 16) : Integer.parseInt(m.group(2));
            } catch (NumberFormatException e) {
                codePoint = 0xFFFD;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(
                    Character.isValidCodePoint(codePoint) ? new String(Character.toChars(codePoint)) : "\uFFFD"));
        }
        m.appendTail(out);
        return out.toString()
                .replace("&colon;", ":").replace("&Tab;", "\t").replace("&NewLine;", "\n")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
