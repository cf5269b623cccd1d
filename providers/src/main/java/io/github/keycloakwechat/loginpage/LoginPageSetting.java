package io.github.keycloakwechat.loginpage;

import java.util.Arrays;
import java.util.Optional;

/**
 * One setting of the login page: stored as realm attribute {@code wechat.loginPage.<name>}, overridable by the client
 * attribute of the same key (so one realm can serve two brands). The defaults follow the "Home Configuration" table
 * of the NocoBase login plugin, except the left image, which is bundled so the page works offline.
 *
 * <p>Content a client could use against the people signing in (a framed page, HTML, footer links, an image from
 * elsewhere) is taken from the client only when the realm opts in with {@link #ALLOW_CLIENT_CONTENT}: clients can be
 * created by Keycloak's client registration, by whoever holds an initial access token, without a realm admin.</p>
 */
public enum LoginPageSetting {

    ENABLED("enabled", "true"),
    USE_REALM_NAME("useRealmName", "true"),
    SYSTEM_NAME("systemName", ""),
    LEFT_MODE("leftMode", "image"),
    LEFT_IMAGE_URL("leftImageUrl", ""),
    LEFT_IFRAME_URL("leftIframeUrl", ""),
    LEFT_HTML("leftHtml", ""),
    METHODS("methods", "password,qr,buttons"),
    DEFAULT_METHOD("defaultMethod", "password"),
    FOOTER_MARKDOWN("footerMarkdown", ""),
    PAGE_BACKGROUND_COLOR("pageBackgroundColor", "#000"),
    TEXT_COLOR("textColor", "#fff"),
    FORM_BACKGROUND_COLOR("formBackgroundColor", "rgba(255,255,255,0.12)"),
    FORM_TEXT_COLOR("formTextColor", "#fff"),
    BUTTON_BACKGROUND_COLOR("buttonBackgroundColor", "rgba(255,255,255,0.2)"),
    BUTTON_TEXT_COLOR("buttonTextColor", "#fff"),
    /** Realm only: whether clients may override the {@linkplain #isClientContent() content settings}. */
    ALLOW_CLIENT_CONTENT("allowClientContent", "false");

    public static final String ATTRIBUTE_PREFIX = "wechat.loginPage.";

    private final String name;
    private final String defaultValue;

    LoginPageSetting(String name, String defaultValue) {
        this.name = name;
        this.defaultValue = defaultValue;
    }

    /** The short name, also the field name of the admin console tab. */
    public String settingName() {
        return name;
    }

    /** The realm (or client) attribute that holds it. */
    public String attribute() {
        return ATTRIBUTE_PREFIX + name;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** Content that a client may override only when the realm allows it. */
    public boolean isClientContent() {
        return this == LEFT_IMAGE_URL || this == LEFT_IFRAME_URL || this == LEFT_HTML || this == FOOTER_MARKDOWN;
    }

    /** Whether a client attribute of this key is ever read. */
    public boolean isRealmOnly() {
        return this == ALLOW_CLIENT_CONTENT;
    }

    public static Optional<LoginPageSetting> bySettingName(String name) {
        return Arrays.stream(values()).filter(s -> s.name.equals(name)).findFirst();
    }
}
