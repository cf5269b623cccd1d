package io.github.keycloakwechat.loginpage;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The login page settings of one realm (and client), typed, validated and sanitized. Every bad value falls back to
 * its default and is reported to {@link Problems}, so the page always renders.
 *
 * @param customSystemName the name to show instead of the realm's display name, if the admin chose one
 * @param leftImageUrl     empty: the bundled image
 * @param leftFrame        present only when {@code leftMode} is {@link LeftPanelMode#IFRAME}
 * @param leftHtml         sanitized HTML, empty unless {@code leftMode} is {@link LeftPanelMode#HTML}
 * @param methods          in the admin's order, without duplicates, with at least one tab
 * @param footerHtml       the footer Markdown rendered and sanitized
 */
public record LoginPageSettings(boolean enabled, Optional<String> customSystemName, LeftPanelMode leftMode,
                                Optional<String> leftImageUrl, Optional<SafeUrl.Frame> leftFrame, String leftHtml,
                                List<LoginMethod> methods, LoginMethod defaultMethod, String footerHtml,
                                Palette palette) {

    static final int MAX_NAME_LENGTH = 120;
    static final int MAX_HTML_LENGTH = 20_000;
    static final int MAX_MARKDOWN_LENGTH = 4_000;

    /** Where a bad value is reported (the provider logs it once per node). */
    @FunctionalInterface
    public interface Problems {
        void badValue(LoginPageSetting setting, String why);
    }

    /**
     * Reads realm attributes, then lets non-blank client attributes of the same keys win: for content settings only
     * when the realm allows clients to override content.
     */
    public static LoginPageSettings read(Map<String, String> realmAttributes, Map<String, String> clientAttributes,
                                         Problems problems) {
        boolean clientContent = "true".equalsIgnoreCase(
                nonBlank(realmAttributes.get(LoginPageSetting.ALLOW_CLIENT_CONTENT.attribute())).orElse("false").trim());
        Map<LoginPageSetting, String> raw = new EnumMap<>(LoginPageSetting.class);
        for (LoginPageSetting setting : LoginPageSetting.values()) {
            boolean fromClient = !setting.isRealmOnly() && (clientContent || !setting.isClientContent());
            String value = (fromClient ? nonBlank(clientAttributes.get(setting.attribute())) : Optional.<String>empty())
                    .or(() -> nonBlank(realmAttributes.get(setting.attribute())))
                    .orElse(null);
            if (value != null) {
                raw.put(setting, value);
            }
        }
        return parse(raw, problems);
    }

    /** Parses one value per setting; absent or blank means "the default". */
    public static LoginPageSettings parse(Map<LoginPageSetting, String> raw, Problems problems) {
        boolean enabled = bool(raw, LoginPageSetting.ENABLED, problems);
        bool(raw, LoginPageSetting.ALLOW_CLIENT_CONTENT, problems); // read by read(); checked here for the admin tab

        Optional<String> customName = Optional.empty();
        if (!bool(raw, LoginPageSetting.USE_REALM_NAME, problems)) {
            // Blank is judged by Unicode whitespace, trim() by ASCII control characters: a name of only control
            // characters got past the first and was emptied by the second (found by fuzzing, docs/fuzzing.md).
            customName = value(raw, LoginPageSetting.SYSTEM_NAME).map(String::trim).filter(name -> !name.isEmpty());
            if (customName.isEmpty()) {
                problems.badValue(LoginPageSetting.SYSTEM_NAME, "empty while useRealmName is false");
            } else if (customName.get().length() > MAX_NAME_LENGTH) {
                problems.badValue(LoginPageSetting.SYSTEM_NAME, "longer than " + MAX_NAME_LENGTH + " characters");
                customName = Optional.of(customName.get().substring(0, MAX_NAME_LENGTH));
            }
        }

        LeftPanelMode mode = value(raw, LoginPageSetting.LEFT_MODE).map(v -> LeftPanelMode.parse(v).orElseGet(() -> {
            problems.badValue(LoginPageSetting.LEFT_MODE, "not one of image, iframe, html, none");
            return LeftPanelMode.IMAGE;
        })).orElse(LeftPanelMode.IMAGE);

        Optional<SafeUrl.Frame> frame = Optional.empty();
        String html = "";
        if (mode == LeftPanelMode.IFRAME) {
            frame = value(raw, LoginPageSetting.LEFT_IFRAME_URL).flatMap(SafeUrl::frame);
            if (frame.isEmpty()) {
                problems.badValue(LoginPageSetting.LEFT_IFRAME_URL, "missing, or neither https nor http on localhost");
                mode = LeftPanelMode.IMAGE;
            }
        } else if (mode == LeftPanelMode.HTML) {
            String source = value(raw, LoginPageSetting.LEFT_HTML).orElse("");
            if (source.length() > MAX_HTML_LENGTH) {
                problems.badValue(LoginPageSetting.LEFT_HTML, "longer than " + MAX_HTML_LENGTH + " characters");
                source = "";
            }
            html = SafeHtml.panel(source);
        }

        Optional<String> image = Optional.empty();
        Optional<String> imageSource = value(raw, LoginPageSetting.LEFT_IMAGE_URL);
        if (imageSource.isPresent()) {
            image = SafeUrl.image(imageSource.get());
            if (image.isEmpty()) {
                problems.badValue(LoginPageSetting.LEFT_IMAGE_URL, "not an http(s) URL or a path on this server");
            }
        }

        List<LoginMethod> methods = methods(raw, problems);
        LoginMethod defaultMethod = methods.stream().filter(LoginMethod::isTab).findFirst().orElseThrow();
        Optional<String> wantedDefault = value(raw, LoginPageSetting.DEFAULT_METHOD);
        if (wantedDefault.isPresent()) {
            Optional<LoginMethod> parsed = LoginMethod.parse(wantedDefault.get())
                    .filter(LoginMethod::isTab).filter(methods::contains);
            if (parsed.isPresent()) {
                defaultMethod = parsed.get();
            } else {
                problems.badValue(LoginPageSetting.DEFAULT_METHOD, "not one of the offered tabs (password, qr)");
            }
        }

        String markdown = value(raw, LoginPageSetting.FOOTER_MARKDOWN).orElse("");
        if (markdown.length() > MAX_MARKDOWN_LENGTH) {
            problems.badValue(LoginPageSetting.FOOTER_MARKDOWN, "longer than " + MAX_MARKDOWN_LENGTH + " characters");
            markdown = "";
        }
        String footer = SafeHtml.footer(MiniMarkdown.toHtml(markdown));

        Palette palette = new Palette(
                color(raw, LoginPageSetting.PAGE_BACKGROUND_COLOR, problems),
                color(raw, LoginPageSetting.TEXT_COLOR, problems),
                color(raw, LoginPageSetting.FORM_BACKGROUND_COLOR, problems),
                color(raw, LoginPageSetting.FORM_TEXT_COLOR, problems),
                color(raw, LoginPageSetting.BUTTON_BACKGROUND_COLOR, problems),
                color(raw, LoginPageSetting.BUTTON_TEXT_COLOR, problems));

        return new LoginPageSettings(enabled, customName, mode, image, frame, html, List.copyOf(methods),
                defaultMethod, footer, palette);
    }

    /** The settings whose values the page would not use, checked the same way it reads them; empty when all are fine. */
    public static List<LoginPageSetting> problemsOf(Map<LoginPageSetting, String> raw) {
        List<LoginPageSetting> found = new ArrayList<>();
        parse(raw, (setting, why) -> {
            if (!found.contains(setting)) {
                found.add(setting);
            }
        });
        return found;
    }

    private static List<LoginMethod> methods(Map<LoginPageSetting, String> raw, Problems problems) {
        String source = value(raw, LoginPageSetting.METHODS).orElse(LoginPageSetting.METHODS.defaultValue());
        List<LoginMethod> methods = new ArrayList<>();
        for (String token : source.split("[,\\s]+")) {
            if (token.isBlank()) {
                continue;
            }
            Optional<LoginMethod> method = LoginMethod.parse(token);
            if (method.isEmpty()) {
                problems.badValue(LoginPageSetting.METHODS, "unknown method '" + abbreviate(token) + "'");
            } else if (!methods.contains(method.get())) {
                methods.add(method.get());
            }
        }
        if (methods.stream().noneMatch(LoginMethod::isTab)) {
            problems.badValue(LoginPageSetting.METHODS, "offers neither password nor qr");
            methods.clear();
            for (String token : LoginPageSetting.METHODS.defaultValue().split(",")) {
                methods.add(LoginMethod.parse(token).orElseThrow());
            }
        }
        return methods;
    }

    private static boolean bool(Map<LoginPageSetting, String> raw, LoginPageSetting setting, Problems problems) {
        String value = value(raw, setting).orElse(setting.defaultValue()).trim().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            problems.badValue(setting, "neither true nor false");
            return Boolean.parseBoolean(setting.defaultValue());
        }
        return Boolean.parseBoolean(value);
    }

    private static String color(Map<LoginPageSetting, String> raw, LoginPageSetting setting, Problems problems) {
        Optional<String> value = value(raw, setting);
        if (value.isEmpty()) {
            return setting.defaultValue();
        }
        return CssColor.parse(value.get()).orElseGet(() -> {
            problems.badValue(setting, "not a CSS color (#rgb, #rrggbb, rgb(), rgba(), hsl(), a color name)");
            return setting.defaultValue();
        });
    }

    private static Optional<String> value(Map<LoginPageSetting, String> raw, LoginPageSetting setting) {
        return nonBlank(raw.get(setting));
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "...";
    }
}
