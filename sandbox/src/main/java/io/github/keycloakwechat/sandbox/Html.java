package io.github.keycloakwechat.sandbox;

/** HTML escaping and the page frame shared by the sandbox's pages. */
final class Html {

    private Html() {
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * A JavaScript string literal (with its quotes) that is also safe inside an HTML {@code <script>} element:
     * no {@code </script>}, no {@code <!--}, no line separators.
     */
    static String jsString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '<', '>', '&', '\'', '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    static String page(String title, String body) {
        return page("zh-CN", title, body);
    }

    /** The sandbox's page frame in a language ({@code lang} attribute, e.g. "zh-CN", "en"). */
    static String page(String htmlLang, String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"" + esc(htmlLang) + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + "</title><style>" + CSS + "</style></head><body>"
                + "<div class=\"sandbox-banner\">WeChat sandbox · 微信沙箱 — not WeChat, a simulator / 非真实微信，仅供测试</div>"
                + body + "</body></html>";
    }

    private static final String CSS = """
            body{font-family:-apple-system,"PingFang SC","Microsoft YaHei","Segoe UI",sans-serif;margin:0;background:#ededed;color:#111}
            .sandbox-banner{background:#fa9d3b;color:#fff;font-size:12px;padding:4px 12px;text-align:center}
            main{max-width:760px;margin:16px auto;padding:0 12px}
            .card{background:#fff;border-radius:8px;padding:16px;margin:12px 0}
            h1{font-size:20px}h2{font-size:16px;margin:0 0 8px}
            button,.btn{background:#07c160;color:#fff;border:0;border-radius:6px;padding:8px 16px;font-size:15px;cursor:pointer;text-decoration:none;display:inline-block}
            button.secondary{background:#f2f2f2;color:#07c160}
            button:disabled{opacity:.5}
            select,input[type=text]{font-size:15px;padding:6px;border:1px solid #ccc;border-radius:6px;max-width:100%}
            code{background:#f6f6f6;padding:1px 4px;border-radius:3px;word-break:break-all}
            .muted{color:#888;font-size:13px}
            .error{color:#d33}
            [hidden]{display:none !important}
            """;
}
