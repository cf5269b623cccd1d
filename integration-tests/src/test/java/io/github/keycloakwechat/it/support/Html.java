package io.github.keycloakwechat.it.support;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Small HTML reading helpers over jsoup, for pages fetched by {@link HttpBrowser}. */
public final class Html {

    private Html() {
    }

    /**
     * An HTML form: where it goes, how, and the values it would submit as it stands (hidden inputs, pre-filled
     * text inputs, checked boxes, selected options; not its buttons).
     */
    public record Form(URI action, String method, Map<String, String> fields) {

        public Optional<String> field(String name) {
            return Optional.ofNullable(fields.get(name));
        }
    }

    /** The form matched by {@code cssSelector}; an {@link AssertionError} quoting the page when there is none. */
    public static Form form(HttpBrowser.Page page, String cssSelector) {
        Document html = page.html();
        Element form = html.selectFirst(cssSelector);
        if (form == null || !form.normalName().equals("form")) {
            throw new AssertionError("no form '" + cssSelector + "' on " + page + ":\n" + abbreviate(page.body()));
        }
        String action = form.attr("action");
        URI target = action.isEmpty() ? page.uri() : URI.create(form.absUrl("action"));
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name], textarea[name], select[name]")) {
            String type = input.attr("type").toLowerCase();
            if (type.equals("submit") || type.equals("button") || type.equals("image") || type.equals("file")) {
                continue;
            }
            if ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked")) {
                continue;
            }
            String value;
            if (input.normalName().equals("textarea")) {
                value = input.text();
            } else if (input.normalName().equals("select")) {
                Element selected = Optional.ofNullable(input.selectFirst("option[selected]"))
                        .orElse(input.selectFirst("option"));
                value = selected == null ? "" : selected.hasAttr("value") ? selected.attr("value") : selected.text();
            } else {
                value = input.hasAttr("value") ? input.attr("value") : (type.equals("checkbox") ? "on" : "");
            }
            fields.putIfAbsent(input.attr("name"), value);
        }
        String method = form.hasAttr("method") ? form.attr("method").toLowerCase() : "get";
        return new Form(target, method, fields);
    }

    /** The attribute of the first element matched by {@code cssSelector}, if any. */
    public static Optional<String> attribute(HttpBrowser.Page page, String cssSelector, String attribute) {
        Element element = page.html().selectFirst(cssSelector);
        return element == null || !element.hasAttr(attribute) ? Optional.empty() : Optional.of(element.attr(attribute));
    }

    /** The text of the first element matched by {@code cssSelector}, if any. */
    public static Optional<String> text(HttpBrowser.Page page, String cssSelector) {
        return Optional.ofNullable(page.html().selectFirst(cssSelector)).map(Element::text);
    }

    /** Whether something on the page matches {@code cssSelector}. */
    public static boolean has(HttpBrowser.Page page, String cssSelector) {
        return page.html().selectFirst(cssSelector) != null;
    }

    /** The beginning of a long text, for failure messages. */
    public static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 4000 ? text : text.substring(0, 4000) + "\n...";
    }
}
