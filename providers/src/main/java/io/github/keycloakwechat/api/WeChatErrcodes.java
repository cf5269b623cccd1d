package io.github.keycloakwechat.api;

/** The errcodes of WeChat's own APIs (api.weixin.qq.com): Service Account, Open Platform and Mini Program. */
public final class WeChatErrcodes implements ErrcodeTable {

    public static final WeChatErrcodes TABLE = new WeChatErrcodes();

    private WeChatErrcodes() {
    }

    @Override
    public WeChatApiException toException(int errcode, String errmsg) {
        return switch (errcode) {
            case -1 -> new WeChatUnavailableException(errcode, errmsg);
            case 40001, 40014, 42001 -> new InvalidAccessTokenException(errcode, errmsg);
            case 40029, 40163, 42003, 41008 -> new InvalidOAuthCodeException(errcode, errmsg);
            case 45009, 45011, 45033 -> new RateLimitedException(errcode, errmsg);
            case 40226 -> new RiskyUserException(errcode, errmsg);
            case 40002, 40013, 40125, 40164, 40243, 41002, 41004, 48001, 61004, 89501, 89503, 89506, 89507 ->
                    new WeChatConfigurationException(errcode, errmsg);
            default -> new WeChatApiException(errcode, errmsg);
        };
    }
}
