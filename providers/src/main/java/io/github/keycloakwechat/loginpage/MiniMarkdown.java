package io.github.keycloakwechat.loginpage;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small part of Markdown a footer needs — paragraphs, line breaks, links, images, bold, italics and code — so
 * that no Markdown library has to ship beside Keycloak. Raw HTML in the source is shown as text, not interpreted;
 * the output still goes through {@link SafeHtml#footer(String)}.
 */
public final class MiniMarkdown {

    /*
     * No part may run over the character that opens another of its kind ('[' '(' '<'): from every opening the match
     * then stops at the next one, so a hostile line of many openings costs linear time, not quadratic.
     */
    private static final Pattern INLINE = Pattern.compile(
            "!\\[(?<alt>[^\\[\\]\\n]*)\\]\\((?<src>[^()\\[\\]\\s]+)\\)"
                    + "|\\[(?<text>[^\\[\\]\\n]+)\\]\\((?<href>[^()\\[\\]\\s]+)\\)"
                    + "|<(?<auto>https?://[^<>\\s]+)>"
                    + "|\\*\\*(?<strong>[^*\\n]+?)\\*\\*"
                    + "|\\*(?<em>[^*\\s][^*\\n]*?)\\*"
                    + "|`(?<code>[^`\\n]+)`");

    private MiniMarkdown() {
    }

    public static String toHtml(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        StringBuilder html = new StringBuilder();
        for (String paragraph : markdown.replace("\r\n", "\n").replace('\r', '\n').trim().split("\\n\\s*\\n")) {
            html.append("<p>");
            String[] lines = paragraph.split("\\n");
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    html.append("<br>");
                }
                inline(lines[i].trim(), html);
            }
            html.append("</p>");
        }
        return html.toString();
    }

    private static void inline(String text, StringBuilder out) {
        Matcher m = INLINE.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(escape(text.substring(last, m.start())));
            if (m.group("src") != null) {
                if (isSafeUrl(m.group("src"))) {
                    out.append("<img src=\"").append(escape(m.group("src"))).append("\" alt=\"")
                            .append(escape(m.group("alt"))).append("\">");
                } else {
                    out.append(escape(m.group()));
                }
            } else if (m.group("href") != null) {
                if (isSafeUrl(m.group("href"))) {
                    out.append("<a href=\"").append(escape(m.group("href"))).append("\" target=\"_blank\">");
                    inline(m.group("text"), out);
                    out.append("</a>");
                } else {
                    out.append(escape(m.group()));
                }
            } else if (m.group("auto") != null) {
                out.append("<a href=\"").append(escape(m.group("auto"))).append("\" target=\"_blank\">")
                        .append(escape(m.group("auto"))).append("</a>");
            } else if (m.group("strong") != null) {
                out.append("<strong>");
                inline(m.group("strong"), out);
                out.append("</strong>");
            } else if (m.group("em") != null) {
                out.append("<em>");
                inline(m.group("em"), out);
                out.append("</em>");
            } else {
                out.append("<code>").append(escape(m.group("code"))).append("</code>");
            }
            last = m.end();
        }
        out.append(escape(text.substring(last)));
    }

    /** http(s), mailto and same-site paths; never javascript:, data: or anything a browser would run. */
    private static boolean isSafeUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("mailto:")
                || (lower.startsWith("/") && !lower.startsWith("//")) || lower.startsWith("#");
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
