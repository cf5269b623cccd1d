package io.github.keycloakwechat.mp;

import io.github.keycloakwechat.broker.ConfigChoice;

/** What the identity provider does when the browser is WeChat's own: web OAuth with a scope, or nothing special. */
public enum InWeChatScope implements ConfigChoice {
    SNSAPI_BASE,
    SNSAPI_USERINFO,
    OFF
}
