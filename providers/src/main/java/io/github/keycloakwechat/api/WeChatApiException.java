package io.github.keycloakwechat.api;

/**
 * WeChat refused or could not answer a call. WeChat reports errors as HTTP 200 with
 * {@code {"errcode":N,"errmsg":"..."}}; the product's {@link ErrcodeTable} turns the code into a subclass so callers
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
}
