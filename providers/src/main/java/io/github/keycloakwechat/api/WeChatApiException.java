package io.github.keycloakwechat.api;

/**
 * WeChat refused or could not answer a call. WeChat reports errors as HTTP 200 with
 * {@code {"errcode":N,"errmsg":"..."}}; {@link #of(int, String)} turns the code into a subclass so callers
 * branch on a type (retry with a new token, ask the user to start again, tell the admin) instead of
 * scattering magic numbers.
 *
 * <p>The errmsg is kept verbatim (it carries WeChat's {@code rid} that their support asks for), but messages
 * never contain a request URL: those carry {@code secret}, {@code code} or {@code access_token}.
 */
public class WeChatApiException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int errcode;
    private final String errmsg;

    public WeChatApiException(int errcode, String errmsg) {
        this(errcode, errmsg, "WeChat errcode " + errcode + ": " + errmsg);
    }

    protected WeChatApiException(int errcode, String errmsg, String message) {
        super(message);
        this.errcode = errcode;
        this.errmsg = errmsg;
    }

    /** WeChat's errcode, or {@code -1} when WeChat gave no answer (see {@link WeChatUnavailableException}). */
    public int errcode() {
        return errcode;
    }

    public String errmsg() {
        return errmsg;
    }

    /** Whether the same call may succeed later without anyone changing configuration. */
    public boolean retryable() {
        return false;
    }

    /** Maps an errcode from a WeChat answer to the most specific exception type. */
    public static WeChatApiException of(int errcode, String errmsg) {
        switch (errcode) {
            case -1:
                return new WeChatUnavailableException(errcode, errmsg);
            case 40001: case 40014: case 42001:
                return new InvalidAccessTokenException(errcode, errmsg);
            case 40029: case 40163: case 42003: case 41008:
                return new InvalidOAuthCodeException(errcode, errmsg);
            case 45009: case 45011: case 45033:
                return new RateLimitedException(errcode, errmsg);
            case 40002: case 40013: case 40125: case 40164: case 40243: case 41002: case 41004:
            case 48001: case 61004: case 89501: case 89503: case 89506: case 89507:
                return new WeChatConfigurationException(errcode, errmsg);
            default:
                return new WeChatApiException(errcode, errmsg);
        }
    }
}
