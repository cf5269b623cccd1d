package io.github.keycloakwechat.wecom;

import io.github.keycloakwechat.broker.ConfigChoice;

/** The OAuth scope inside the WeCom client: silent ({@code snsapi_base}) or with mobile and email after consent. */
public enum WeComScope implements ConfigChoice {
    SNSAPI_BASE,
    SNSAPI_PRIVATEINFO
}
