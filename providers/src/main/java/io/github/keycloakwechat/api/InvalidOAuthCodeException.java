package io.github.keycloakwechat.api;

/**
 * The OAuth {@code code} is invalid, already used, expired or missing (40029, 40163, 42003, 41008). Codes are
 * single-use and live 5 minutes, so this is the user's "start again" case, typically a double-submitted
 * callback or a back button, not a server fault.
 */
public class InvalidOAuthCodeException extends WeChatApiException {

    private static final long serialVersionUID = 1L;

    public InvalidOAuthCodeException(int errcode, String errmsg) {
        super(errcode, errmsg);
    }
}
