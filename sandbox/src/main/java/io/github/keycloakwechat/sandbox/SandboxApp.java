package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A simulated WeChat app as configured on WeChat's admin consoles: a Service Account (公众号, on
 * mp.weixin.qq.com), a website application (网站应用, on open.weixin.qq.com) or a Mini Program (小程序, on
 * mp.weixin.qq.com).
 *
 * <p>Every app has an AppID, an AppSecret and an Open Platform binding. Only Service Accounts receive pushes, so
 * only they have an original id, a Token, a message mode, an EncodingAESKey and a callback URL; a website app or a
 * Mini Program has none of these (they must be null, the message mode "plain").
 *
 * @param appId             the AppID
 * @param appSecret         the AppSecret
 * @param originalId        the original id ({@code gh_...}): {@code ToUserName} of every push (Service Accounts)
 * @param token             the message-push Token used for signatures (Service Accounts)
 * @param encodingAesKey    the 43-character EncodingAESKey; required unless {@code messageMode} is "plain"
 * @param messageMode       "plain" | "compatible" | "safe"
 * @param callbackUrl       the message-push URL the sandbox posts events to; may be null until set
 * @param openPlatformBound whether the app is bound to the (one, simulated) Open Platform account, i.e. whether
 *                          {@code user/info} and {@code sns/*} return a unionid
 * @param name              a display name
 * @param kind              {@value #SERVICE_ACCOUNT} (the default when null), {@value #WEBSITE} or
 *                          {@value #MINI_PROGRAM}
 */
public record SandboxApp(String appId, String appSecret, String originalId, String token, String encodingAesKey,
                         String messageMode, String callbackUrl, boolean openPlatformBound, String name, String kind) {

    /** A Service Account (服务号/公众号): parametric QR codes, pushes, in-WeChat web OAuth. */
    public static final String SERVICE_ACCOUNT = "service-account";
    /** An Open Platform website application (网站应用): {@code connect/qrconnect} with scope snsapi_login. */
    public static final String WEBSITE = "website";
    /** A Mini Program (小程序): {@code sns/jscode2session} for wx.login() codes, {@code wxa/business/getuserphonenumber}. */
    public static final String MINI_PROGRAM = "miniprogram";
    public static final Set<String> KINDS = Set.of(SERVICE_ACCOUNT, WEBSITE, MINI_PROGRAM);
    public static final Set<String> MESSAGE_MODES = Set.of("plain", "compatible", "safe");
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern AES_KEY = Pattern.compile("[A-Za-z0-9]{43}");

    @JsonCreator
    public SandboxApp {
        if (appId == null || !APP_ID.matcher(appId).matches()) {
            throw new IllegalArgumentException("appId must be 1..64 characters of [A-Za-z0-9_-]");
        }
        if (isBlank(appSecret)) {
            throw new IllegalArgumentException("appSecret is required for app " + appId);
        }
        kind = isBlank(kind) ? SERVICE_ACCOUNT : kind;
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind must be " + SERVICE_ACCOUNT + ", " + WEBSITE + " or " + MINI_PROGRAM
                    + " (app " + appId + ")");
        }
        name = isBlank(name) ? appId : name;
        if (!SERVICE_ACCOUNT.equals(kind)) {
            // A website app or a Mini Program gets no pushes here: none of the Service Account's message settings applies.
            String what = kindLabel(kind);
            requireEmptyWithoutPushes(appId, what, "originalId", originalId);
            requireEmptyWithoutPushes(appId, what, "token", token);
            requireEmptyWithoutPushes(appId, what, "encodingAesKey", encodingAesKey);
            requireEmptyWithoutPushes(appId, what, "callbackUrl", callbackUrl);
            if (messageMode != null && !"plain".equals(messageMode)) {
                throw new IllegalArgumentException("messageMode must be plain (or left out) for " + what + " (app " + appId + ")");
            }
            originalId = null;
            token = null;
            encodingAesKey = null;
            callbackUrl = null;
            messageMode = "plain";
        } else {
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
        }
    }

    /** A Service Account (the constructor of the sandbox's first versions, which knew no other kind). */
    public SandboxApp(String appId, String appSecret, String originalId, String token, String encodingAesKey,
                      String messageMode, String callbackUrl, boolean openPlatformBound, String name) {
        this(appId, appSecret, originalId, token, encodingAesKey, messageMode, callbackUrl, openPlatformBound, name,
                SERVICE_ACCOUNT);
    }

    /** A website application (网站应用) of the Open Platform; {@code openPlatformBound} false means no unionid. */
    public static SandboxApp website(String appId, String appSecret, boolean openPlatformBound, String name) {
        return new SandboxApp(appId, appSecret, null, null, null, "plain", null, openPlatformBound, name, WEBSITE);
    }

    /**
     * A Mini Program (小程序); {@code openPlatformBound} false means {@code jscode2session} returns no unionid. Like a
     * website app it has no push settings (the sandbox simulates no Mini Program message push).
     */
    public static SandboxApp miniProgram(String appId, String appSecret, boolean openPlatformBound, String name) {
        return new SandboxApp(appId, appSecret, null, null, null, "plain", null, openPlatformBound, name, MINI_PROGRAM);
    }

    /** Whether this is a Service Account (QR codes, pushes, in-WeChat OAuth). */
    public boolean serviceAccount() {
        return SERVICE_ACCOUNT.equals(kind);
    }

    /** Whether this is a website application (qrconnect). */
    public boolean websiteApp() {
        return WEBSITE.equals(kind);
    }

    /** Whether this is a Mini Program (jscode2session, getuserphonenumber). */
    public boolean miniProgramApp() {
        return MINI_PROGRAM.equals(kind);
    }

    /** Whether pushes carry an {@code <Encrypt>} element (compatible or safe mode). */
    public boolean encrypts() {
        return !"plain".equals(messageMode);
    }

    /** The same app with another callback URL. */
    public SandboxApp withCallbackUrl(String url) {
        return new SandboxApp(appId, appSecret, originalId, token, encodingAesKey, messageMode, url, openPlatformBound, name, kind);
    }

    /** The same app in another message mode. */
    public SandboxApp withMessageMode(String mode) {
        return new SandboxApp(appId, appSecret, originalId, token, encodingAesKey, mode, callbackUrl, openPlatformBound, name, kind);
    }

    /** The same app with another Open Platform binding. */
    public SandboxApp withOpenPlatformBound(boolean bound) {
        return new SandboxApp(appId, appSecret, originalId, token, encodingAesKey, messageMode, callbackUrl, bound, name, kind);
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

    /** "a website app", "a Mini Program", "a Service Account": for messages. */
    static String kindLabel(String kind) {
        if (WEBSITE.equals(kind)) {
            return "a website app";
        }
        return MINI_PROGRAM.equals(kind) ? "a Mini Program" : "a Service Account";
    }

    private static void requireEmptyWithoutPushes(String appId, String what, String field, String value) {
        if (!isBlank(value)) {
            throw new IllegalArgumentException(field + " must be empty for " + what + ": only Service Accounts receive pushes (app "
                    + appId + ")");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
