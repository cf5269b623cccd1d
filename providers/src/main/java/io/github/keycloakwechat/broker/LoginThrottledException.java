package io.github.keycloakwechat.broker;

import io.github.keycloakwechat.api.WeChatApiException;

/**
 * This server, not WeChat, refused a step of a login because one client asked too often (e.g. login QR codes, which
 * spend the account's daily WeChat quota). A WeChat-family failure like the others, so every caller already maps it
 * to a page; its message says who was refused and why, for the log.
 */
public final class LoginThrottledException extends WeChatApiException {

    private static final long serialVersionUID = 1L;

    public LoginThrottledException(String why) {
        super(0, why, why);
    }
}
