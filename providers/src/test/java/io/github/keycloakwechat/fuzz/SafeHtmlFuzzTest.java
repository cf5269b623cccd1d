package io.github.keycloakwechat.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.keycloakwechat.loginpage.SafeHtml;
import org.junit.jupiter.api.Timeout;

/**
 * Admin-written HTML (the left panel, and the footer after Markdown): whatever goes into {@link SafeHtml}, what comes
 * out runs nothing: no script or other active element, no event handler, no javascript:/data: URL, no style that loads
 * or computes.
 */
class SafeHtmlFuzzTest {

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    @DictionaryEntries({"<script>", "</script>", "<img src=", " onerror=", " onload=", "javascript:", "&#x6A;",
            "<a href=\"", "\">", "<svg", "<style>", "style=\"", "url(", "expression(", "<iframe", "<table>", "<td>",
            "target=\"_blank\"", "class=\"", "<!--", "-->", "<![CDATA[", "data:text/html", "<math>", "<noscript>",
            "&Tab;", "&colon;", "<base href=", "<form action=", "srcset=\"", "<p>"})
    void sanitize(byte[] data) {
        String html = FuzzSupport.utf8(data);
        FuzzSupport.assertHarmlessHtml(SafeHtml.panel(html), "sanitized panel");
        FuzzSupport.assertHarmlessHtml(SafeHtml.footer(html), "sanitized footer");
    }
}
