package io.github.keycloakwechat.api;

/**
 * WeChat throttled the account (45009 daily quota, 45011 per-minute frequency, 45033 frequency limit).
 * Per-minute limits clear on their own; the daily quota does not clear until the next day (or an admin's
 * clear_quota), so retrying 45009 only burns more calls.
 */
public class RateLimitedException extends WeChatApiException {

    private static final long serialVersionUID = 1L;

    public RateLimitedException(int errcode, String errmsg) {
        super(errcode, errmsg);
    }
}
