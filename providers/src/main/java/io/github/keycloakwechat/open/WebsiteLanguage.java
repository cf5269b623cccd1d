package io.github.keycloakwechat.open;

import io.github.keycloakwechat.broker.ConfigChoice;

/** The language of WeChat's website login page ({@code lang} of {@code qrconnect}). */
public enum WebsiteLanguage implements ConfigChoice {
    CN,
    EN
}
