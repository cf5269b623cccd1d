package io.github.keycloakwechat.loginpage;

import java.util.regex.Pattern;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Admin-written HTML for the login page, through the OWASP sanitizer that Keycloak itself ships: no script, no event
 * handler, no frame, no form, no javascript: URL. What survives is text formatting, links, images, tables and a
 * vetted subset of inline styles.
 */
public final class SafeHtml {

    /** The left panel: rich content, because it is the brand's showcase. */
    private static final PolicyFactory PANEL = Sanitizers.FORMATTING
            .and(Sanitizers.BLOCKS)
            .and(Sanitizers.IMAGES)
            .and(Sanitizers.TABLES)
            .and(Sanitizers.STYLES)
            .and(links()
                    .allowElements("hr", "small", "code", "pre", "figure", "figcaption", "section", "article")
                    .allowAttributes("class").matching(Pattern.compile("[A-Za-z0-9_ -]{0,200}")).globally()
                    .toFactory());

    /** The footer: a line or two of text with links and the odd badge image (e.g. the 公安备案 icon). */
    private static final PolicyFactory FOOTER = Sanitizers.FORMATTING
            .and(Sanitizers.IMAGES)
            .and(links().allowElements("p", "br", "code", "span", "small").toFactory());

    /**
     * Links in one builder (combining OWASP's LINKS with another policy for {@code <a>} drops attributes): http(s)
     * and mailto only; a new tab gets {@code rel="noopener noreferrer"} so the linked page cannot reach back.
     */
    private static HtmlPolicyBuilder links() {
        return new HtmlPolicyBuilder()
                .allowStandardUrlProtocols()
                .allowElements("a")
                .allowAttributes("href").onElements("a")
                .allowAttributes("target").matching(true, "_blank").onElements("a")
                .requireRelsOnLinks("noopener", "noreferrer");
    }

    private SafeHtml() {
    }

    public static String panel(String html) {
        return html == null || html.isBlank() ? "" : PANEL.sanitize(html);
    }

    public static String footer(String html) {
        return html == null || html.isBlank() ? "" : FOOTER.sanitize(html);
    }
}
