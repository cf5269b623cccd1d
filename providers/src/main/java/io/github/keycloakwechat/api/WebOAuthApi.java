package io.github.keycloakwechat.api;

import static io.github.keycloakwechat.api.JsonFields.optional;
import static io.github.keycloakwechat.api.JsonFields.required;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * WeChat's web OAuth, shared by the Service Account inside WeChat's browser ({@code connect/oauth2/authorize}) and
 * Open Platform website login ({@code connect/qrconnect}): the authorize URL, the code exchange at
 * {@code sns/oauth2/access_token} and the profile at {@code sns/userinfo}. Both calls use the person's own token, so
 * they are never retried: an invalid token there means the person's token is bad, not the account's.
 */
public final class WebOAuthApi {

    public static final String IN_WECHAT_AUTHORIZE_PATH = "/connect/oauth2/authorize";
    public static final String WEBSITE_AUTHORIZE_PATH = "/connect/qrconnect";

    private final WeChatHttp http;
    private final WeChatAppCredentials app;

    public WebOAuthApi(WeChatHttp http, WeChatAppCredentials app) {
        if (http == null || app == null) {
            throw new IllegalArgumentException("http and app are required");
        }
        this.http = http;
        this.app = app;
    }

    /**
     * WeChat checks the parameter order ({@code appid, redirect_uri, response_type, scope, state}) and needs the
     * {@code #wechat_redirect} fragment.
     *
     * @param lang {@code cn} or {@code en} for website login's page; null to leave it out
     */
    public static URI authorizeUrl(String oauthBaseUrl, String path, String appId, String redirectUri, String scope,
                                   String state, String lang) {
        return authorizeUrl(oauthBaseUrl, path, appId, redirectUri, scope, state,
                lang == null ? Map.of() : Map.of("lang", lang));
    }

    /** The same, with parameters after {@code state} in the given order (WeCom's {@code agentid}). */
    public static URI authorizeUrl(String oauthBaseUrl, String path, String appId, String redirectUri, String scope,
                                   String state, Map<String, String> after) {
        StringBuilder url = new StringBuilder(oauthBaseUrl).append(path)
                .append("?appid=").append(enc(appId))
                .append("&redirect_uri=").append(enc(redirectUri))
                .append("&response_type=code")
                .append("&scope=").append(enc(scope))
                .append("&state=").append(enc(state));
        after.forEach((name, value) -> url.append('&').append(name).append('=').append(enc(value)));
        return URI.create(url.append("#wechat_redirect").toString());
    }

    /** Exchanges a web OAuth {@code code} (single use, 5 minutes) for the person's token and openid. */
    public OAuthAccessToken exchangeCode(String code) throws WeChatApiException {
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
    public SnsUserInfo userInfo(OAuthAccessToken token, String lang) throws WeChatApiException {
        if (token == null) {
            throw new IllegalArgumentException("OAuth token is required");
        }
        JsonNode answer = http.getJson(app.url("/sns/userinfo?access_token=" + enc(token.accessToken())
                + "&openid=" + enc(token.openid()) + "&lang=" + enc(lang == null || lang.isBlank() ? "zh_CN" : lang)));
        JsonNode sex = answer.get("sex");
        return new SnsUserInfo(optional(answer, "nickname"), sex == null || sex.isNull() ? null : sex.asInt(),
                optional(answer, "province"), optional(answer, "city"), optional(answer, "country"),
                optional(answer, "headimgurl"), optional(answer, "unionid"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
