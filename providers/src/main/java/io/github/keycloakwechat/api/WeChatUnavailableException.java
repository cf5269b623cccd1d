package io.github.keycloakwechat.api;

/**
 * WeChat gave no usable answer: errcode -1 ("system busy"), an HTTP status other than 200, a timeout, an I/O
 * error or a body that is not the expected JSON. All of these are transient from our point of view, hence
 * retryable. {@link #errcode()} is -1 unless WeChat itself sent one.
 */
public class WeChatUnavailableException extends WeChatApiException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;

    /** WeChat answered with {@code {"errcode":-1}} (system busy). */
    public WeChatUnavailableException(int errcode, String errmsg) {
        super(errcode, errmsg);
        this.httpStatus = 200;
    }

    /**
     * No WeChat answer. {@code description} must not contain a URL with credentials; use the method and
     * path only.
     *
     * @param httpStatus the HTTP status, or 0 when there was no HTTP response at all
     */
    public WeChatUnavailableException(String description, int httpStatus) {
        super(-1, description, "WeChat unavailable: " + description);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status WeChat answered with, or 0 when no response arrived (timeout, I/O error). */
    public int httpStatus() {
        return httpStatus;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
