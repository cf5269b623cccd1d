package io.github.keycloakwechat.open;

import io.github.keycloakwechat.broker.ConfigChoice;

/** How the website login shows WeChat's QR: on WeChat's own page, or in WeChat's panel inside Keycloak's page. */
public enum WebsiteLoginMode implements ConfigChoice {
    REDIRECT("redirect"),
    EMBEDDED("embedded");

    private final String configValue;

    WebsiteLoginMode(String configValue) {
        this.configValue = configValue;
    }

    @Override
    public String configValue() {
        return configValue;
    }
}
