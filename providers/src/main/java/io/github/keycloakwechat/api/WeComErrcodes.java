package io.github.keycloakwechat.api;

/**
 * The errcodes of WeCom's server API (qyapi.weixin.qq.com). Unlike WeChat's, 40001 here means a wrong app secret
 * (an admin's mistake), while a stale token is 40014 or 42001.
 */
public final class WeComErrcodes implements ErrcodeTable {

    public static final WeComErrcodes TABLE = new WeComErrcodes();

    private WeComErrcodes() {
    }

    @Override
    public WeChatApiException toException(int errcode, String errmsg) {
        return switch (errcode) {
            case -1 -> new WeChatUnavailableException(errcode, errmsg);
            case 40014, 42001 -> new InvalidAccessTokenException(errcode, errmsg);
            case 40029, 41008 -> new InvalidOAuthCodeException(errcode, errmsg);
            case 45009, 45011, 45033 -> new RateLimitedException(errcode, errmsg);
            // corpid, secret, trusted IP, redirect domain, API not allowed for the app
            case 40001, 40013, 40091, 41001, 41004, 48002, 50001, 60011, 60020 ->
                    new WeChatConfigurationException(errcode, errmsg);
            default -> new WeChatApiException(errcode, errmsg);
        };
    }
}
