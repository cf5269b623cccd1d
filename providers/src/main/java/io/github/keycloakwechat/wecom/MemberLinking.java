package io.github.keycloakwechat.wecom;

import io.github.keycloakwechat.broker.ConfigChoice;

/**
 * How a WeCom member not yet linked finds an existing user: not at all, or by the mobile or the email WeCom verified
 * for them (only a {@code snsapi_privateinfo} login carries those). Two matching users are refused, never guessed.
 */
public enum MemberLinking implements ConfigChoice {
    OFF,
    MOBILE,
    EMAIL
}
