package io.github.keycloakwechat.broker;

import java.util.Locale;

/** Recognises WeChat's in-app browser. WeCom's browser says both wxwork and MicroMessenger, so wxwork is tested first. */
public final class WeChatUserAgent {

    private WeChatUserAgent() {
    }

    public static boolean isWeChat(String userAgent) {
        if (userAgent == null) {
            return false;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        return !ua.contains("wxwork") && ua.contains("micromessenger");
    }

    /** WeCom's in-app browser (企业微信), whose User-Agent says wxwork. */
    public static boolean isWeCom(String userAgent) {
        return userAgent != null && userAgent.toLowerCase(Locale.ROOT).contains("wxwork");
    }
}
