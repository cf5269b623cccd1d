package io.github.keycloakwechat.api;

/**
 * Only an administrator can fix this: wrong AppID/AppSecret, frozen secret, server IP not whitelisted,
 * API not authorised for the account type. Retrying cannot help and would eat into the daily quota, so it
 * is never retryable and should surface in admin-facing diagnostics rather than as a generic login failure.
 */
public class WeChatConfigurationException extends WeChatApiException {

    private static final long serialVersionUID = 1L;

    public WeChatConfigurationException(int errcode, String errmsg) {
        super(errcode, errmsg);
    }
}
