package io.github.keycloakwechat.api;

/**
 * The access_token was rejected (40001 invalid/not latest, 40014 invalid, 42001 expired). For the global
 * Service Account token this is the trigger to invalidate the cached token and retry once; tokens can die
 * before their announced expiry (another system force-refreshed, the secret was reset).
 */
public class InvalidAccessTokenException extends WeChatApiException {

    private static final long serialVersionUID = 1L;

    public InvalidAccessTokenException(int errcode, String errmsg) {
        super(errcode, errmsg);
    }
}
