package io.github.keycloakwechat.mp;

import io.github.keycloakwechat.api.InvalidOAuthCodeException;
import io.github.keycloakwechat.api.RateLimitedException;
import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.api.WeChatConfigurationException;

/** Maps WeChat API failures to the message the person at the browser sees (keys of the message bundles). */
final class WeChatErrors {

    private WeChatErrors() {
    }

    static String messageKey(WeChatApiException e) {
        if (e instanceof InvalidOAuthCodeException) {
            return "wechatCodeInvalid";
        }
        if (e instanceof WeChatConfigurationException) {
            return "wechatMisconfigured";
        }
        if (e instanceof RateLimitedException) {
            return "wechatBusy";
        }
        return "wechatUnavailable";
    }
}
