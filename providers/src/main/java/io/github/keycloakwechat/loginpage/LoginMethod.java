package io.github.keycloakwechat.loginpage;

import java.util.Locale;
import java.util.Optional;

/**
 * A way to sign in that the page offers: the password form and the inline QR of a provider that signs in by QR (the Service Account) are tabs; the buttons
 * of the other identity providers (WeChat Open Platform, WeCom, ...) sit below them.
 */
public enum LoginMethod {
    PASSWORD, QR, BUTTONS;

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it is a tab (as opposed to the row of provider buttons). */
    public boolean isTab() {
        return this != BUTTONS;
    }

    static Optional<LoginMethod> parse(String value) {
        for (LoginMethod method : values()) {
            if (method.configValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}
