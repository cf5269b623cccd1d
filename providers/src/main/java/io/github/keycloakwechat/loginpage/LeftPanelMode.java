package io.github.keycloakwechat.loginpage;

import java.util.Locale;
import java.util.Optional;

/** What the left side of the login page shows. */
public enum LeftPanelMode {
    IMAGE, IFRAME, HTML, NONE;

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<LeftPanelMode> parse(String value) {
        for (LeftPanelMode mode : values()) {
            if (mode.configValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
