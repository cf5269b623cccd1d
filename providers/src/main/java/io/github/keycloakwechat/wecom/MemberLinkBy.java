package io.github.keycloakwechat.wecom;

import io.github.keycloakwechat.broker.ConfigChoice;

/** Which identifier WeCom verified links a member to an existing user: the mobile, the email, or either. */
public enum MemberLinkBy implements ConfigChoice {
    MOBILE,
    EMAIL,
    BOTH
}
