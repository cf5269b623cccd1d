package io.github.keycloakwechat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Service Account (公众号) API calls used for login: parametric QR codes, follower info and web OAuth.
 *
 * <p>Calls that need the global access_token retry exactly once after invalidating it when WeChat answers
 * 40001/40014/42001: a token can die before its announced expiry (force refresh elsewhere, secret reset),
 * and one refetch is cheap, but looping would burn quota when the cause is permanent.
 *
 * <p>The OAuth calls ({@link #exchangeOAuthCode}, {@link #getSnsUserInfo}) use the user's own token and are
 * never retried: an {@link InvalidAccessTokenException} there means the user token is bad, not the global one.
 *
 * <p>Cheap to create: one per call site or per identity provider instance is fine; the state lives in the
 * shared {@link WeChatHttp} and {@link AccessTokenCache}.
 */
public final class WeChatMpApi {

    /** WeChat's upper bound for temporary QR codes (30 days). */
    public static final int MAX_TEMPORARY_EXPIRE_SECONDS = 2_592_000;
    /** Our lower bound: a code shorter-lived than this cannot realistically be scanned. */
    public static final int MIN_TEMPORARY_EXPIRE_SECONDS = 60;
    public static final int MAX_SCENE_STR_LENGTH = 64;

    private final WeChatHttp http;
    private final AccessTokenCache tokens;
    private final WeChatAppCredentials app;

    public WeChatMpApi(WeChatHttp http, AccessTokenCache tokens, WeChatAppCredentials app) {
        if (http == null || tokens == null || app == null) {
            throw new IllegalArgumentException("http, tokens and app are required");
        }
        this.http = http;
        this.tokens = tokens;
        this.app = app;
    }

    /**
     * Creates a string-scene QR code. {@code expireSeconds} is always sent for temporary codes because
     * WeChat's default has changed between doc versions (30 s vs 60 s); it is ignored for permanent codes.
     */
    public QrCode createQrCode(String sceneStr, QrCodeType type, int expireSeconds) throws WeChatApiException {
        if (sceneStr == null || sceneStr.isEmpty() || sceneStr.length() > MAX_SCENE_STR_LENGTH) {
            throw new IllegalArgumentException("scene_str must be 1.." + MAX_SCENE_STR_LENGTH + " characters");
        }
        if (type == null) {
            throw new IllegalArgumentException("QR code type is required");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (type == QrCodeType.TEMPORARY) {
            if (expireSeconds < MIN_TEMPORARY_EXPIRE_SECONDS || expireSeconds > MAX_TEMPORARY_EXPIRE_SECONDS) {
                throw new IllegalArgumentException("expire_seconds must be " + MIN_TEMPORARY_EXPIRE_SECONDS + ".."
                        + MAX_TEMPORARY_EXPIRE_SECONDS + " for temporary QR codes");
            }
            body.put("expire_seconds", expireSeconds);
            body.put("action_name", "QR_STR_SCENE");
        } else {
            body.put("action_name", "QR_LIMIT_STR_SCENE");
        }
        // scene must sit inside action_info, otherwise events arrive with EventKey "qrscene_0".
        body.putObject("action_info").putObject("scene").put("scene_str", sceneStr);

        JsonNode answer = withToken(token ->
                http.postJson(app.url("/cgi-bin/qrcode/create?access_token=" + enc(token)), body));
        String ticket = required(answer, "ticket", "POST /cgi-bin/qrcode/create");
        String url = required(answer, "url", "POST /cgi-bin/qrcode/create");
        JsonNode expire = answer.get("expire_seconds");
        // A missing or non-positive lifetime says nothing: the caller keeps the lifetime it asked for.
        Integer answeredExpire = expire == null || expire.isNull() || expire.asInt() <= 0 ? null : expire.asInt();
        return new QrCode(ticket, answeredExpire, url);
    }

    /** Follower info; {@link UserInfo#subscribed()} is false for users who do not (or no longer) follow. */
    public UserInfo getUserInfo(String openid) throws WeChatApiException {
        if (openid == null || openid.isBlank()) {
            throw new IllegalArgumentException("openid is required");
        }
        JsonNode answer = withToken(token -> http.getJson(app.url("/cgi-bin/user/info?access_token=" + enc(token)
                + "&openid=" + enc(openid) + "&lang=zh_CN")));
        String answeredOpenid = optional(answer, "openid");
        JsonNode subscribeTime = answer.get("subscribe_time");
        return new UserInfo(
                answer.path("subscribe").asInt(0) == 1,
                answeredOpenid != null ? answeredOpenid : openid,
                optional(answer, "unionid"),
                optional(answer, "language"),
                subscribeTime == null || subscribeTime.isNull() ? null : subscribeTime.asLong(),
                optional(answer, "subscribe_scene"));
    }

    /** Exchanges a web OAuth {@code code} (single use, 5 minutes) for the user's token and openid. */
    public OAuthAccessToken exchangeOAuthCode(String code) throws WeChatApiException {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("code is required");
        }
        JsonNode answer = http.getJson(app.url("/sns/oauth2/access_token?appid=" + enc(app.appId())
                + "&secret=" + enc(app.appSecret()) + "&code=" + enc(code) + "&grant_type=authorization_code"));
        String what = "GET /sns/oauth2/access_token";
        return new OAuthAccessToken(
                required(answer, "access_token", what),
                answer.path("expires_in").asInt(0),
                optional(answer, "refresh_token"),
                required(answer, "openid", what),
                optional(answer, "scope"),
                optional(answer, "unionid"),
                answer.path("is_snapshotuser").asInt(0) == 1);
    }

    /** @param lang {@code zh_CN}, {@code zh_TW} or {@code en}; {@code null} means {@code zh_CN} */
    public SnsUserInfo getSnsUserInfo(OAuthAccessToken token, String lang) throws WeChatApiException {
        if (token == null) {
            throw new IllegalArgumentException("OAuth token is required");
        }
        JsonNode answer = http.getJson(app.url("/sns/userinfo?access_token=" + enc(token.accessToken())
                + "&openid=" + enc(token.openid()) + "&lang=" + enc(lang == null || lang.isBlank() ? "zh_CN" : lang)));
        JsonNode sex = answer.get("sex");
        String answeredOpenid = optional(answer, "openid");
        return new SnsUserInfo(
                answeredOpenid != null ? answeredOpenid : token.openid(),
                optional(answer, "nickname"),
                sex == null || sex.isNull() ? null : sex.asInt(),
                optional(answer, "province"),
                optional(answer, "city"),
                optional(answer, "country"),
                optional(answer, "headimgurl"),
                optional(answer, "unionid"));
    }

    private <T> T withToken(TokenCall<T> call) throws WeChatApiException {
        String token = tokens.get(app);
        try {
            return call.apply(token);
        } catch (InvalidAccessTokenException e) {
            tokens.invalidate(app, token);
            return call.apply(tokens.get(app));
        }
    }

    @FunctionalInterface
    private interface TokenCall<T> {
        T apply(String accessToken) throws WeChatApiException;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asText();
        return text.isEmpty() ? null : text;
    }

    private static String required(JsonNode node, String field, String what) throws WeChatUnavailableException {
        String value = optional(node, field);
        if (value == null) {
            throw new WeChatUnavailableException(what + " answered without " + field, 200);
        }
        return value;
    }
}
