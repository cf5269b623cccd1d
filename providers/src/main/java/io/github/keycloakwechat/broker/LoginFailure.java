package io.github.keycloakwechat.broker;

import io.github.keycloakwechat.api.InvalidAccessTokenException;
import io.github.keycloakwechat.api.InvalidOAuthCodeException;
import io.github.keycloakwechat.api.RateLimitedException;
import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.api.WeChatConfigurationException;
import org.jboss.logging.Logger;

/**
 * What the person at the browser is told when a WeChat-family login fails, as a key of the message bundles, and what
 * the server log says. The one place that maps failures of a login to words: every provider's login entry points go
 * through it, so a misconfiguration reads the same whichever provider or step hit it.
 */
public final class LoginFailure {

    public static final String MISCONFIGURED = "wechatMisconfigured";

    private static final Logger LOG = Logger.getLogger(LoginFailure.class);

    private LoginFailure() {
    }

    /**
     * Logs {@code e} for the admin (the errcode and errmsg, or the setting at fault; never a secret) and returns the
     * message key for the person. {@code e} is a {@link WeChatApiException} or a {@link ProviderMisconfiguredException}.
     */
    public static String messageKey(String alias, String step, Exception e) {
        if (e instanceof LoginThrottledException throttled) {
            LOG.warnf("WeChat provider %s: %s refused by this server: %s", alias, step, throttled.getMessage());
            return "wechatThrottled";
        }
        if (e instanceof WeChatApiException api) {
            LOG.warnf("WeChat provider %s: %s failed: errcode %d (%s)%s", alias, step, api.errcode(), api.errmsg(),
                    fixHint(api.errcode()));
            return messageKey(api);
        }
        if (e instanceof ProviderMisconfiguredException) {
            LOG.warnf("WeChat provider %s is misconfigured (%s): %s", alias, step, e.getMessage());
            return MISCONFIGURED;
        }
        LOG.errorf(e, "WeChat provider %s: %s failed unexpectedly", alias, step);
        return "wechatUnavailable";
    }

    /** What the admin should do about the errcodes that only configuration can fix, for the log line. */
    static String fixHint(int errcode) {
        String fix = fixFor(errcode);
        return fix == null ? "" : ". " + fix;
    }

    /** What the admin should do about an errcode that only configuration can fix; null for others. */
    public static String fixFor(int errcode) {
        return switch (errcode) {
            case 40164, 60020 -> "Fix: add this server's egress IP to the app's IP whitelist (IP白名单 / 企业可信IP)";
            case 40125, 40091 -> "Fix: check the app secret (Client Secret)";
            case 40013 -> "Fix: check the AppID or CorpID (Client ID)";
            case 50001 -> "Fix: set the app's trusted domain (可信域名) to this server's host";
            case 48001 -> "Fix: the app is not authorised for this API (account type or permissions)";
            case 45009 -> "The account's daily quota for this API is used up until midnight (Beijing time); if"
                    + " unexpected, look for a client requesting login QR codes in a loop, and lower"
                    + " qr-codes-per-minute";
            default -> null;
        };
    }

    static String messageKey(WeChatApiException e) {
        switch (e.errcode()) {
            case 40164, 60020:
                return "wechatIpNotAllowed";
            case 50001:
                return "wecomRedirectDomain";
            default:
                break;
        }
        if (e instanceof InvalidAccessTokenException) {
            return "wechatTokenRejected";
        }
        if (e instanceof InvalidOAuthCodeException) {
            return "wechatCodeInvalid";
        }
        if (e instanceof WeChatConfigurationException) {
            return MISCONFIGURED;
        }
        if (e instanceof RateLimitedException) {
            return "wechatBusy";
        }
        return "wechatUnavailable";
    }
}
