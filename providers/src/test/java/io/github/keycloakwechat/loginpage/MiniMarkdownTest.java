package io.github.keycloakwechat.loginpage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MiniMarkdownTest {

    private static String footer(String markdown) {
        return SafeHtml.footer(MiniMarkdown.toHtml(markdown));
    }

    @Test
    void anIcpFilingLineBecomesALink() {
        String html = footer("[京ICP备12345678号-1](https://beian.miit.gov.cn/) · **ACME** *Inc.* `v1`");
        assertTrue(html.contains("<a href=\"https://beian.miit.gov.cn/\""), html);
        assertTrue(html.contains(">京ICP备12345678号-1</a>"), html);
        assertTrue(html.matches(".*rel=\"[^\"]*noopener[^\"]*\".*") && html.contains("noreferrer"), html);
        assertTrue(html.contains("<strong>ACME</strong>") && html.contains("<em>Inc.</em>") && html.contains("<code>v1</code>"), html);
    }

    @Test
    void paragraphsAndLineBreaks() {
        assertEquals("<p>a<br />b</p><p>c</p>", footer("a\nb\n\nc"));
    }

    @Test
    void rawHtmlIsText() {
        String html = footer("<script>alert(1)</script><img src=x onerror=alert(1)>");
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<img"), html);
        assertTrue(html.contains("&lt;script&gt;"), html);
    }

    @Test
    void dangerousLinksStayText() {
        String html = footer("[click](javascript:alert(1)) [x](data:text/html,hi)");
        assertFalse(html.contains("href"), html);
        assertFalse(html.contains("<a"), html);
    }

    @Test
    void aBadgeImageAndAnAutolink() {
        String html = footer("![公安](https://example.com/badge.png) <https://example.com/a?b=1&c=2>");
        assertTrue(html.contains("<img src=\"https://example.com/badge.png\" alt=\"公安\""), html);
        assertTrue(html.contains("href=\"https://example.com/a?b&#61;1&amp;c&#61;2\""), html);
    }
}
