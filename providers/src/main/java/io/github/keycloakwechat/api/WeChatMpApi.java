package io.github.keycloakwechat.api;

import static io.github.keycloakwechat.api.JsonFields.optional;
import static io.github.keycloakwechat.api.JsonFields.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Service Account (公众号) API calls used for login: parametric QR codes and follower info. Both need the global
 * access token, so they go through {@link AccessTokenCache#call}, which retries once on a stale token. Web OAuth is
 * {@link WebOAuthApi}.
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

        JsonNode answer = tokens.call(http, app, token ->
                http.postJson(app.url("/cgi-bin/qrcode/create?access_token=" + enc(token)), body));
        String ticket = required(answer, "ticket", "POST /cgi-bin/qrcode/create");
        String url = required(answer, "url", "POST /cgi-bin/qrcode/create");
        JsonNode expire = answer.get("expire_seconds");
        // A missing or non-positive lifetime says nothing: the caller keeps the lifetime it asked for.
        Integer answeredExpire = expire == null || expire.isNull() || expire.asInt() <= 0 ? null : expire.asInt();
        return new QrCode(ticket, answeredExpire, url);
    }

    /** Follower info; for a person who does not (or no longer) follow, WeChat sends no unionid. */
    public UserInfo getUserInfo(String openid) throws WeChatApiException {
        if (openid == null || openid.isBlank()) {
            throw new IllegalArgumentException("openid is required");
        }
        JsonNode answer = tokens.call(http, app, token -> http.getJson(app.url("/cgi-bin/user/info?access_token="
                + enc(token) + "&openid=" + enc(openid) + "&lang=zh_CN")));
        return new UserInfo(optional(answer, "unionid"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
