package io.github.keycloakwechat.sandbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A simulated Service Account (公众号) as configured on WeChat's admin console.
 *
 * @param appId             the AppID
 * @param appSecret         the AppSecret
 * @param originalId        the original id ({@code gh_...}): {@code ToUserName} of every push
 * @param token             the message-push Token used for signatures
 * @param encodingAesKey    the 43-character EncodingAESKey; required unless {@code messageMode} is "plain"
 * @param messageMode       "plain" | "compatible" | "safe"
 * @param callbackUrl       the message-push URL the sandbox posts events to; may be null until set
 * @param openPlatformBound whether {@code user/info} and {@code sns/*} return a unionid
 * @param name              a display name
 */
public record SandboxApp(String appId, String appSecret, String originalId, String token, String encodingAesKey,
                         String messageMode, String callbackUrl, boolean openPlatformBound, String name) {

    public static final Set<String> MESSAGE_MODES = Set.of("plain", "compatible", "safe");
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern AES_KEY = Pattern.compile("[A-Za-z0-9]{43}");

    public SandboxApp {
        if (appId == null || !APP_ID.matcher(appId).matches()) {
            throw new IllegalArgumentException("appId must be 1..64 characters of [A-Za-z0-9_-]");
        }
        if (isBlank(appSecret)) {
            throw new IllegalArgumentException("appSecret is required for app " + appId);
        }
        if (isBlank(originalId)) {
            throw new IllegalArgumentException("originalId (gh_...) is required for app " + appId);
        }
        if (isBlank(token)) {
            throw new IllegalArgumentException("token is required for app " + appId);
        }
        messageMode = messageMode == null ? "plain" : messageMode;
        if (!MESSAGE_MODES.contains(messageMode)) {
            throw new IllegalArgumentException("messageMode must be plain, compatible or safe (app " + appId + ")");
        }
        if (isBlank(encodingAesKey)) {
            encodingAesKey = null;
        }
        if (encodingAesKey == null && !"plain".equals(messageMode)) {
            throw new IllegalArgumentException("encodingAesKey is required in " + messageMode + " mode (app " + appId + ")");
        }
        if (encodingAesKey != null && !AES_KEY.matcher(encodingAesKey).matches()) {
            throw new IllegalArgumentException("encodingAesKey must be 43 characters of [A-Za-z0-9] (app " + appId + ")");
        }
        if (isBlank(callbackUrl)) {
            callbackUrl = null;
        } else {
            validateHttpUrl(callbackUrl, "callbackUrl");
        }
        name = isBlank(name) ? appId : name;
    }

    /** Whether pushes carry an {@code <Encrypt>} element (compatible or safe mode). */
    public boolean encrypts() {
        return !"plain".equals(messageMode);
    }

    /** The same app with another callback URL. */
    public SandboxApp withCallbackUrl(String url) {
        return new SandboxApp(appId, appSecret, originalId, token, encodingAesKey, messageMode, url, openPlatformBound, name);
    }

    /** The same app in another message mode. */
    public SandboxApp withMessageMode(String mode) {
        return new SandboxApp(appId, appSecret, originalId, token, encodingAesKey, mode, callbackUrl, openPlatformBound, name);
    }

    /** The same app with another Open Platform binding. */
    public SandboxApp withOpenPlatformBound(boolean bound) {
        return new SandboxApp(appId, appSecret, originalId, token, encodingAesKey, messageMode, callbackUrl, bound, name);
    }

    static void validateHttpUrl(String url, String what) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException(what + " must be an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a valid URL");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
