package io.github.keycloakwechat.api;

/**
 * WeChat gave no usable answer: errcode -1 ("system busy"), an HTTP status other than 200, a timeout, an I/O
 * error, an oversized answer or a body that is not the expected JSON. All of these are transient from our point of
 * view. {@link #errcode()} is -1 unless WeChat itself sent one.
 */
public class WeChatUnavailableException extends WeChatApiException {

    private static final long serialVersionUID = 1L;

    /** WeChat answered with {@code {"errcode":-1}} (system busy). */
    public WeChatUnavailableException(int errcode, String errmsg) {
        super(errcode, errmsg);
    }

    /** No usable WeChat answer. {@code description} must not contain a URL with credentials: method and path only. */
    public WeChatUnavailableException(String description) {
        super(-1, description, "WeChat unavailable: " + description);
    }
}
