package io.github.keycloakwechat.condition;

import io.github.keycloakwechat.broker.ConfigChoice;
import io.github.keycloakwechat.broker.WeChatUserAgent;

/** Which app's browser a request comes from, by its User-Agent: WeCom's (tested first), WeChat's, or neither. */
public enum ClientApp implements ConfigChoice {
    WECOM,
    WECHAT,
    NEITHER;

    /** The app whose browser sent this User-Agent. WeCom's says both wxwork and MicroMessenger. */
    public static ClientApp of(String userAgent) {
        if (WeChatUserAgent.isWeCom(userAgent)) {
            return WECOM;
        }
        return WeChatUserAgent.isWeChat(userAgent) ? WECHAT : NEITHER;
    }
}
