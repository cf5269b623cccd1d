package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Web OAuth inside the WeChat browser (网页授权): the authorize page, its confirmation, and the server-side
 * {@code sns/*} APIs (code exchange, refresh, userinfo, auth). The {@code sns/*} APIs serve website apps as well:
 * their codes come from {@link QrConnectService} (scope snsapi_login).
 */
final class OAuthService {

    static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    static final Duration TOKEN_LIFETIME = Duration.ofSeconds(7200);
    static final Duration REFRESH_LIFETIME = Duration.ofDays(30);
    static final Set<String> SCOPES = Set.of("snsapi_base", "snsapi_userinfo");
    /** The scope of website logins (connect/qrconnect). */
    static final String LOGIN_SCOPE = "snsapi_login";
    static final int MAX_STATE_BYTES = 128;
    /** The parameter order WeChat insists on; anything else may follow. */
    private static final List<String> REQUIRED_ORDER = List.of("appid", "redirect_uri", "response_type", "scope");

    private record Code(String appId, String userId, String scope, Instant expiresAt, AtomicBoolean used) {
    }

    private static final class UserToken {
        final String appId;
        final String userId;
        final String scope;
        final String refreshToken;
        final Instant refreshExpiresAt;
        volatile String accessToken;
        volatile Instant expiresAt;

        UserToken(String appId, String userId, String scope, String refreshToken, Instant refreshExpiresAt) {
            this.appId = appId;
            this.userId = userId;
            this.scope = scope;
            this.refreshToken = refreshToken;
            this.refreshExpiresAt = refreshExpiresAt;
        }
    }

    private final SandboxState state;
    private final Json json;
    private final Ids ids;
    private final Function<SandboxUser, String> avatarUrl;
    private final ConcurrentHashMap<String, Code> codes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, UserToken> byAccessToken = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, UserToken> byRefreshToken = new ConcurrentHashMap<>();

    OAuthService(SandboxState state, Json json, Ids ids, Function<SandboxUser, String> avatarUrl) {
        this.state = state;
        this.json = json;
        this.ids = ids;
        this.avatarUrl = avatarUrl;
    }

    // --- browser side --------------------------------------------------------------------------------

    /** GET /connect/oauth2/authorize: WeChat's checks, then the sandbox's "who are you" confirmation page. */
    Response authorize(Request request) {
        String problem = authorizeProblem(request);
        if (problem != null) {
            return Response.html(200, OAuthPages.cannotAccess(problem));
        }
        SandboxApp app = state.app(request.param("appid")).orElseThrow();
        boolean hasState = request.queryNames().contains("state");
        return Response.html(200, OAuthPages.confirm(app, state.users(), phoneHolder(request),
                request.param("redirect_uri"), request.param("scope"), hasState ? request.param("state") : null));
    }

    /**
     * The user the sandbox phone page was last showing in this browser (its cookie), so a link opened from that
     * phone's chat starts with the right person selected, as WeChat knows who holds the phone.
     */
    private static String phoneHolder(Request request) {
        String cookies = request.header("Cookie");
        if (cookies == null) {
            return null;
        }
        for (String cookie : cookies.split(";")) {
            String[] pair = cookie.trim().split("=", 2);
            if (pair.length == 2 && PhonePage.HOLDER_COOKIE.equals(pair[0])) {
                return URLDecoder.decode(pair[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** POST /connect/oauth2/authorize/confirm: the person chose; back to the app with a code (or without, on deny). */
    Response confirm(Request request) throws IOException {
        Map<String, String> form = request.form();
        String appId = form.get("appid");
        String redirectUri = form.get("redirect_uri");
        String scope = form.get("scope");
        String oauthState = form.get("state");
        if (appId == null || !state.app(appId).map(SandboxApp::serviceAccount).orElse(false) || redirectUri == null
                || !validRedirect(redirectUri)
                || !SCOPES.contains(scope) || (oauthState != null && oauthState.getBytes(StandardCharsets.UTF_8).length > MAX_STATE_BYTES)) {
            return Response.html(400, OAuthPages.cannotAccess("the confirmation form was incomplete or altered"));
        }
        if ("deny".equals(form.get("action"))) {
            return Response.redirect(withParams(redirectUri, null, oauthState));
        }
        SandboxUser user = state.user(form.get("user")).orElse(null);
        if (user == null) {
            return Response.html(400, OAuthPages.cannotAccess("unknown sandbox user"));
        }
        String code = issueCode(appId, user.id(), scope);
        state.addChat(user.id(), appId, "system", "授权登录 / Authorized sign-in (" + scope + ")");
        return Response.redirect(withParams(redirectUri, code, oauthState));
    }

    /** A new OAuth code of this app for this person: single use, {@link #CODE_LIFETIME}. */
    String issueCode(String appId, String userId, String scope) {
        purge();
        String code = ids.code(32);
        codes.put(code, new Code(appId, userId, scope, state.now().plus(CODE_LIFETIME), new AtomicBoolean()));
        return code;
    }

    private String authorizeProblem(Request request) {
        List<String> names = request.queryNames();
        String appId = request.param("appid");
        if (appId == null || appId.isEmpty()) {
            return "10012: appid is empty";
        }
        if (!inWeChatOrder(names)) {
            return orderProblem(names);
        }
        if (state.app(appId).isEmpty()) {
            return "invalid appid " + appId;
        }
        if (!state.app(appId).orElseThrow().serviceAccount()) {
            SandboxApp app = state.app(appId).orElseThrow();
            return "10016: " + appId + (app.websiteApp()
                    ? " is an Open Platform website app; in-WeChat OAuth needs the Service Account's AppID "
                            + "(website apps use /connect/qrconnect)"
                    : " is a Mini Program; in-WeChat OAuth needs the Service Account's AppID (Mini Programs use wx.login() "
                            + "and sns/jscode2session)");
        }
        String redirectUri = request.param("redirect_uri");
        if (redirectUri == null || redirectUri.isEmpty()) {
            return "10011: redirect_uri is empty";
        }
        if (!validRedirect(redirectUri)) {
            return "10003: redirect_uri is not an absolute http(s) URL";
        }
        if (!"code".equals(request.param("response_type"))) {
            return "response_type must be code";
        }
        String scope = request.param("scope");
        if (scope == null || scope.isEmpty()) {
            return "10010: scope is empty";
        }
        if (!SCOPES.contains(scope)) {
            return "10005: scope must be snsapi_base or snsapi_userinfo (got " + scope + ")";
        }
        String oauthState = request.param("state");
        if (oauthState != null && oauthState.getBytes(StandardCharsets.UTF_8).length > MAX_STATE_BYTES) {
            return "state is longer than " + MAX_STATE_BYTES + " bytes";
        }
        return null;
    }

    /**
     * WeChat's parameter order for its OAuth links: appid, redirect_uri, response_type, scope, then state if
     * present; other parameters (connect_redirect, lang, ...) may follow.
     */
    static boolean inWeChatOrder(List<String> names) {
        return names.size() >= REQUIRED_ORDER.size() && names.subList(0, REQUIRED_ORDER.size()).equals(REQUIRED_ORDER)
                && (!names.contains("state") || names.indexOf("state") == REQUIRED_ORDER.size());
    }

    static String orderProblem(List<String> names) {
        return "parameters must come in this order: appid, redirect_uri, response_type, scope, state (got "
                + String.join(", ", names) + ")";
    }

    static boolean validRedirect(String uri) {
        try {
            SandboxApp.validateHttpUrl(uri, "redirect_uri");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** redirect_uri?code=CODE&state=STATE, keeping its own query and putting a fragment back at the end. */
    static String withParams(String redirectUri, String code, String oauthState) {
        String base = redirectUri;
        String fragment = "";
        int hash = base.indexOf('#');
        if (hash >= 0) {
            fragment = base.substring(hash);
            base = base.substring(0, hash);
        }
        List<String> params = new ArrayList<>();
        if (code != null) {
            params.add("code=" + enc(code));
        }
        if (oauthState != null) {
            params.add("state=" + enc(oauthState));
        }
        if (params.isEmpty()) {
            return base + fragment;
        }
        String sep = base.contains("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
        return base + sep + String.join("&", params) + fragment;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // --- server side ---------------------------------------------------------------------------------

    /** GET /sns/oauth2/access_token?appid&secret&code&grant_type=authorization_code */
    ObjectNode accessToken(Request request) throws ApiError {
        SandboxApp app = appWithSecret(request);
        String code = request.param("code");
        if (code == null || code.isEmpty()) {
            throw new ApiError(41008, "missing code");
        }
        if (!"authorization_code".equals(request.param("grant_type"))) {
            throw new ApiError(40002, "invalid grant_type");
        }
        Code issued = codes.get(code);
        if (issued == null || !issued.appId().equals(app.appId())) {
            throw new ApiError(40029, "invalid code");
        }
        if (issued.used().get()) {
            throw new ApiError(40163, "code been used");
        }
        Instant now = state.now();
        if (!now.isBefore(issued.expiresAt())) {
            throw new ApiError(42003, "code expired");
        }
        if (!issued.used().compareAndSet(false, true)) {
            throw new ApiError(40163, "code been used");
        }
        UserToken token = new UserToken(app.appId(), issued.userId(), issued.scope(), ids.accessToken(),
                now.plus(REFRESH_LIFETIME));
        token.accessToken = ids.accessToken();
        token.expiresAt = now.plus(TOKEN_LIFETIME);
        byAccessToken.put(token.accessToken, token);
        byRefreshToken.put(token.refreshToken, token);

        ObjectNode out = tokenAnswer(token);
        if (app.openPlatformBound() && (profileScope(token.scope) || state.follows(token.userId, app.appId()))) {
            out.put("unionid", state.unionidOf(token.userId));
        }
        return out;
    }

    /** GET /sns/oauth2/refresh_token?appid&grant_type=refresh_token&refresh_token */
    ObjectNode refresh(Request request) throws ApiError {
        String appId = request.param("appid");
        if (appId == null || appId.isEmpty()) {
            throw new ApiError(41002, "appid missing");
        }
        if (!"refresh_token".equals(request.param("grant_type"))) {
            throw new ApiError(40002, "invalid grant_type");
        }
        String refreshToken = request.param("refresh_token");
        if (refreshToken == null || refreshToken.isEmpty()) {
            throw new ApiError(41003, "refresh_token missing");
        }
        if (state.app(appId).isEmpty()) {
            throw new ApiError(40013, "invalid appid");
        }
        UserToken token = byRefreshToken.get(refreshToken);
        if (token == null || !token.appId.equals(appId)) {
            throw new ApiError(40030, "invalid refresh_token");
        }
        Instant now = state.now();
        if (!now.isBefore(token.refreshExpiresAt)) {
            throw new ApiError(42002, "refresh_token expired");
        }
        synchronized (token) {
            if (now.isBefore(token.expiresAt)) {
                // Still valid: the same token, its lifetime extended.
                token.expiresAt = now.plus(TOKEN_LIFETIME);
            } else {
                byAccessToken.remove(token.accessToken);
                token.accessToken = ids.accessToken();
                token.expiresAt = now.plus(TOKEN_LIFETIME);
                byAccessToken.put(token.accessToken, token);
            }
        }
        return tokenAnswer(token);
    }

    /** GET /sns/userinfo?access_token&openid&lang: needs a snsapi_userinfo (or website snsapi_login) token, else 48001. */
    ObjectNode userInfo(Request request) throws ApiError {
        UserToken token = validToken(request);
        if (!profileScope(token.scope)) {
            throw new ApiError(48001, "api unauthorized", "sns/userinfo needs scope snsapi_userinfo (or snsapi_login)");
        }
        SandboxUser user = state.user(token.userId).orElseThrow(() -> new ApiError(40003, "invalid openid"));
        SandboxApp app = state.app(token.appId).orElseThrow(ApiError::invalidAccessToken);
        ObjectNode out = json.object();
        out.put("openid", state.openidOf(user.id(), app.appId()));
        out.put("nickname", user.nickname());
        out.put("sex", 0);
        out.put("language", "");
        out.put("city", "");
        out.put("province", "");
        out.put("country", "");
        out.put("headimgurl", avatarUrl.apply(user));
        out.putArray("privilege");
        if (app.openPlatformBound()) {
            out.put("unionid", state.unionidOf(user.id()));
        }
        return out;
    }

    /** GET /sns/auth?access_token&openid */
    ObjectNode auth(Request request) throws ApiError {
        validToken(request);
        ObjectNode out = json.object();
        out.put("errcode", 0);
        out.put("errmsg", "ok");
        return out;
    }

    private UserToken validToken(Request request) throws ApiError {
        String accessToken = request.param("access_token");
        if (accessToken == null || accessToken.isEmpty()) {
            throw ApiError.missingAccessToken();
        }
        UserToken token = byAccessToken.get(accessToken);
        if (token == null) {
            throw ApiError.invalidAccessToken();
        }
        if (!state.now().isBefore(token.expiresAt)) {
            throw ApiError.expiredAccessToken();
        }
        String openid = request.param("openid");
        if (openid == null || openid.isEmpty()) {
            throw new ApiError(41009, "missing openid");
        }
        if (!openid.equals(state.openidOf(token.userId, token.appId))) {
            throw new ApiError(40003, "invalid openid");
        }
        return token;
    }

    /** Scopes that grant the profile (sns/userinfo) and, when bound, the unionid in the code exchange. */
    private static boolean profileScope(String scope) {
        return "snsapi_userinfo".equals(scope) || LOGIN_SCOPE.equals(scope);
    }

    private SandboxApp appWithSecret(Request request) throws ApiError {
        return state.authenticateApp(request.param("appid"), request.param("secret"));
    }

    private ObjectNode tokenAnswer(UserToken token) {
        ObjectNode out = json.object();
        out.put("access_token", token.accessToken);
        out.put("expires_in", TokenService.secondsUntil(state.now(), token.expiresAt));
        out.put("refresh_token", token.refreshToken);
        out.put("openid", state.openidOf(token.userId, token.appId));
        out.put("scope", token.scope);
        return out;
    }

    /** Forgets codes and user tokens long dead. */
    private void purge() {
        Instant now = state.now();
        codes.values().removeIf(c -> c.expiresAt().plus(CODE_LIFETIME).isBefore(now));
        byRefreshToken.values().removeIf(t -> t.refreshExpiresAt.isBefore(now));
        byAccessToken.values().removeIf(t -> t.refreshExpiresAt.isBefore(now));
    }
}
