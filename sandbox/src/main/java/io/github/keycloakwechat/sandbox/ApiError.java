package io.github.keycloakwechat.sandbox;

/**
 * A WeChat error answer: HTTP 200 with {@code {"errcode":N,"errmsg":"..., rid: ..."}}.
 * The message is WeChat's wording; a hint (the sandbox's own explanation) may follow it.
 */
final class ApiError extends Exception {

    private final int errcode;
    private final String hint;

    ApiError(int errcode, String errmsg) {
        this(errcode, errmsg, null);
    }

    ApiError(int errcode, String errmsg, String hint) {
        super(errmsg, null, false, false);
        this.errcode = errcode;
        this.hint = hint;
    }

    int errcode() {
        return errcode;
    }

    /** The errmsg as WeChat writes it: the message, optional hints, then a request id. */
    String errmsg(String rid) {
        return getMessage() + (hint == null ? "" : ", hints: [" + hint + "]") + ", rid: " + rid;
    }

    /**
     * The errmsg as WeCom (qyapi.weixin.qq.com) writes it: {@code "invalid code, hint: [1741842467591810604040261],
     * from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=40029"}; the sandbox's own
     * explanation, if any, follows as {@code ", sandbox: ..."}.
     */
    String weComErrmsg(String requestHint, String fromIp) {
        return getMessage() + ", hint: [" + requestHint + "], from ip: " + fromIp
                + ", more info at https://open.work.weixin.qq.com/devtool/query?e=" + errcode
                + (hint == null ? "" : ", sandbox: " + hint);
    }

    static ApiError missingAccessToken() {
        return new ApiError(41001, "access_token missing");
    }

    static ApiError invalidAccessToken() {
        return new ApiError(40001, "invalid credential, access_token is invalid or not latest");
    }

    static ApiError expiredAccessToken() {
        return new ApiError(42001, "access_token expired");
    }

    static ApiError dataFormat() {
        return new ApiError(47001, "data format error");
    }
}
