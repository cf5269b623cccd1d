package io.github.keycloakwechat.open;

import io.github.keycloakwechat.broker.ConfigChoice;

/** How the website login shows WeChat's QR: on WeChat's own page, or in WeChat's panel inside Keycloak's page. */
public enum WebsiteLoginMode implements ConfigChoice {
    REDIRECT,
    EMBEDDED
}
