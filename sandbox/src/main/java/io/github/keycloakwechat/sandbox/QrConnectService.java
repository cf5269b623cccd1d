package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Open Platform website login (网站应用微信登录): the {@code connect/qrconnect} page with its QR code, the
 * confirmation a person gives (on that page, since nobody can scan it here, or on the sandbox phone), the page's
 * wait for that answer, and {@code wxLogin.js}, which embeds the page in an iframe. The code it issues is
 * exchanged through the {@code sns/*} APIs of {@link OAuthService}.
 */
final class QrConnectService {

    /** How long a qrconnect page's QR code can be confirmed. */
    static final Duration LOGIN_LIFETIME = Duration.ofMinutes(5);
    /** What WeChat shows on its "参数错误" page for each kind of mistake. */
    static final String APPID_ERROR = "appid 参数错误";
    static final String REDIRECT_ERROR = "redirect_uri 参数错误";
    static final String SCOPE_ERROR = "Scope 参数错误或没有 Scope 权限";
    static final String PARAM_ERROR = "请求参数错误";
    /** The sandbox attribute WeChat's wxLogin.js gives its iframe (note: no allow-forms). */
    static final String IFRAME_SANDBOX = "allow-scripts allow-top-navigation allow-same-origin";

    private record Problem(String wechatMessage, String reason) {
    }

    private final SandboxState state;
    private final OAuthService oauth;
    private final Json json;
    private final Ids ids;
    private final Supplier<String> baseUrl;

    QrConnectService(SandboxState state, OAuthService oauth, Json json, Ids ids, Supplier<String> baseUrl) {
        this.state = state;
        this.oauth = oauth;
        this.json = json;
        this.ids = ids;
        this.baseUrl = baseUrl;
    }

    // --- the browser -----------------------------------------------------------------------------------

    /**
     * GET /connect/qrconnect?appid&redirect_uri&response_type=code&scope=snsapi_login&state[&lang] — or, from
     * wxLogin.js, ?appid&scope&redirect_uri&state&login_type=jssdk&self_redirect&…: WeChat's checks, then the QR
     * page with a "confirm as …" button per fake person.
     */
    Response page(Request request) {
        String lang = "en".equals(request.param("lang")) ? "en" : "cn";
        Problem problem = problem(request);
        if (problem != null) {
            return Response.html(200, QrConnectPages.error(problem.wechatMessage(), problem.reason(), lang));
        }
        SandboxApp app = state.app(request.param("appid")).orElseThrow();
        boolean jssdk = isJssdk(request);
        String selfRedirect = null;
        if (jssdk) {
            String value = request.param("self_redirect");
            selfRedirect = "true".equals(value) || "false".equals(value) ? value : "default";
        }
        Instant now = state.now();
        boolean hasState = request.queryNames().contains("state");
        SandboxWebsiteLogin login = new SandboxWebsiteLogin(ids.alnum(24), app.appId(), request.param("redirect_uri"),
                hasState ? request.param("state") : null, lang, jssdk, selfRedirect, now, now.plus(LOGIN_LIFETIME),
                null, null, null);
        state.putWebsiteLogin(login);
        return Response.html(200, QrConnectPages.login(app, login, state.users(), request.param("style"),
                request.param("href")));
    }

    /**
     * POST /connect/qrconnect/confirm (form: uuid, and user=ID to confirm or action=deny): the answer given on
     * the page. A plain form post is answered with a 302 to {@code redirect_uri?code=CODE&state=STATE}, or —
     * inside wxLogin.js's iframe, unless self_redirect=true — with a small page that moves the top window there.
     * With {@code Accept: application/json} (the page's script, since wxLogin.js's sandboxed iframe may not
     * submit forms) the answer is {@code {"redirect","target":"top"|"self"}}.
     */
    Response confirm(Request request) throws IOException {
        Map<String, String> form = request.form();
        String accept = request.header("Accept");
        boolean wantsJson = accept != null && accept.contains("application/json");
        boolean allow = !"deny".equals(form.get("action"));
        SandboxWebsiteLogin done;
        try {
            done = answer(form.get("uuid"), form.get("user"), allow);
        } catch (PhoneActions.ActionException e) {
            if (wantsJson) {
                ObjectNode out = json.object();
                out.put("error", e.getMessage());
                return Response.of(e.status(), Response.JSON, json.write(out));
            }
            String lang = state.websiteLogin(form.get("uuid")).map(SandboxWebsiteLogin::lang).orElse("cn");
            return Response.html(e.status(), QrConnectPages.failed(e.getMessage(), lang));
        }
        if (wantsJson) {
            return Response.of(200, Response.JSON, json.write(navigation(done)));
        }
        if (done.navigatesTop()) {
            return Response.html(200, QrConnectPages.navigateTop(done.redirectTo(), done.lang()));
        }
        return Response.redirect(done.redirectTo());
    }

    /**
     * GET /connect/qrconnect/poll?uuid= (the sandbox's stand-in for WeChat's long poll): what the page waits for,
     * {@code {"status":"waiting"|"confirmed"|"denied"|"expired", "redirect", "target"}}.
     */
    Response poll(Request request) {
        Optional<SandboxWebsiteLogin> found = state.websiteLogin(request.param("uuid"));
        ObjectNode out = json.object();
        if (found.isEmpty()) {
            out.put("status", "expired");
            return Response.of(404, Response.JSON, json.write(out));
        }
        SandboxWebsiteLogin login = found.get();
        Instant now = state.now();
        if (login.outcome() != null) {
            out.setAll(navigation(login));
            out.put("status", login.outcome());
        } else if (login.pendingAt(now)) {
            out.put("status", "waiting");
            out.put("expiresIn", TokenService.secondsUntil(now, login.expiresAt()));
        } else {
            out.put("status", "expired");
        }
        return Response.of(200, Response.JSON, json.write(out));
    }

    /** GET /connect/qrcode/{uuid}: the page's QR image (JPEG) while it can be confirmed, else 404. */
    Response qrImage(Request request) {
        String uuid = request.path().substring("/connect/qrcode/".length());
        Optional<SandboxWebsiteLogin> login = state.websiteLogin(uuid).filter(l -> l.pendingAt(state.now()));
        if (login.isEmpty()) {
            return Response.html(404, "<html><body><h1>404 Not Found</h1></body></html>");
        }
        return Response.of(200, "image/jpeg", QrCodeService.jpeg(scanUrl(uuid)));
    }

    /** GET /connect/confirm?uuid=: what the QR code contains, as a phone camera would open it. */
    Response scanLanding(Request request) {
        String uuid = request.param("uuid");
        boolean pending = state.websiteLogin(uuid).filter(l -> l.pendingAt(state.now())).isPresent();
        String phone = "/sandbox/phone";
        return Response.html(pending ? 200 : 404, Html.page("请用微信扫一扫 / Scan with WeChat", "<main><div class=\"card\">"
                + (pending
                ? "<h1>请使用沙箱手机确认登录 / Confirm this login with the sandbox phone</h1>"
                + "<p>这是网站应用的登录二维码。真实手机上由微信“扫一扫”打开并确认；在这里请在沙箱手机上确认。</p>"
                + "<p>This is a website login QR code. On a real phone WeChat would open it and ask to confirm; here, "
                + "confirm it on the sandbox phone.</p>"
                : "<h1>二维码已失效 / This QR code is no longer valid</h1>")
                + "<p><a class=\"btn\" id=\"connect-open-phone\" href=\"" + Html.esc(phone) + "\">打开沙箱手机 / Open the sandbox phone</a></p>"
                + "</div></main>"));
    }

    /** GET /connect/{zh_CN|en}/htmledition/js/wxLogin.js: {@code window.WxLogin}, building the iframe as WeChat's does. */
    Response wxLoginJs(Request request) {
        return Response.of(200, "application/javascript; charset=utf-8",
                QrConnectPages.wxLoginJs(baseUrl.get()).getBytes(StandardCharsets.UTF_8));
    }

    // --- the answer (page or phone) ---------------------------------------------------------------------

    /**
     * Confirms ({@code allow}) or refuses a pending website login as a person: a single-use code of the website
     * app (scope snsapi_login, 5 minutes) goes into the redirect on confirmation, only the state on refusal. Each
     * QR code is answered once.
     */
    synchronized SandboxWebsiteLogin answer(String uuid, String userId, boolean allow) throws PhoneActions.ActionException {
        if (uuid == null || uuid.isEmpty()) {
            throw new PhoneActions.ActionException(400, "\"uuid\" is required");
        }
        SandboxWebsiteLogin login = state.websiteLogin(uuid)
                .orElseThrow(() -> new PhoneActions.ActionException(404, "unknown or long expired website login " + uuid));
        if (login.outcome() != null) {
            throw new PhoneActions.ActionException(409, "this QR code was already " + login.outcome() + " (single use)");
        }
        if (!login.pendingAt(state.now())) {
            throw new PhoneActions.ActionException(410, "this QR code has expired");
        }
        SandboxUser user = null;
        if (userId != null && !userId.isEmpty()) {
            user = state.user(userId).orElseThrow(() -> new PhoneActions.ActionException(404, "unknown user " + userId));
        } else if (allow) {
            throw new PhoneActions.ActionException(400, "\"user\" is required to confirm");
        }
        SandboxApp app = state.app(login.appId()).filter(SandboxApp::websiteApp)
                .orElseThrow(() -> new PhoneActions.ActionException(404, "the website app " + login.appId() + " no longer exists"));
        String code = allow ? oauth.issueCode(app.appId(), user.id(), OAuthService.LOGIN_SCOPE) : null;
        SandboxWebsiteLogin done = login.answered(allow ? SandboxWebsiteLogin.CONFIRMED : SandboxWebsiteLogin.DENIED,
                user == null ? null : user.id(), OAuthService.withParams(login.redirectUri(), code, login.oauthState()));
        if (!state.replaceWebsiteLogin(login, done)) {
            throw new PhoneActions.ActionException(409, "this QR code was answered concurrently");
        }
        if (user != null) {
            state.addChat(user.id(), app.appId(), "system", allow
                    ? "网站登录「" + app.name() + "」/ Signed in to the website (snsapi_login)"
                    : "拒绝了网站登录「" + app.name() + "」/ Refused the website login");
        }
        return done;
    }

    /** The newest pending website login, of one app if {@code appId} is given. */
    Optional<SandboxWebsiteLogin> newestPending(String appId) {
        return state.pendingWebsiteLogins().stream()
                .filter(l -> appId == null || appId.equals(l.appId()))
                .findFirst();
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private ObjectNode navigation(SandboxWebsiteLogin login) {
        ObjectNode out = json.object();
        out.put("redirect", login.redirectTo());
        out.put("target", login.navigatesTop() ? "top" : "self");
        return out;
    }

    /** What a phone's scanner reads from the QR code, as on WeChat: {@code …/connect/confirm?uuid=}. */
    String scanUrl(String uuid) {
        return baseUrl.get() + "/connect/confirm?uuid=" + URLEncoder.encode(uuid, StandardCharsets.UTF_8);
    }

    private static boolean isJssdk(Request request) {
        return "jssdk".equals(request.param("login_type"));
    }

    /** WeChat's checks of a qrconnect link, in its order; null when the link is fine. */
    private Problem problem(Request request) {
        List<String> names = request.queryNames();
        boolean jssdk = isJssdk(request);
        String appId = request.param("appid");
        if (appId == null || appId.isEmpty()) {
            return new Problem(APPID_ERROR, "appid is empty");
        }
        // wxLogin.js's own link comes in its own order (appid, scope, redirect_uri, state, ...) without response_type.
        if (!jssdk && !OAuthService.inWeChatOrder(names)) {
            return new Problem(PARAM_ERROR, OAuthService.orderProblem(names));
        }
        SandboxApp app = state.app(appId).orElse(null);
        if (app == null) {
            return new Problem(APPID_ERROR, "unknown appid " + appId);
        }
        if (!app.websiteApp()) {
            return new Problem(APPID_ERROR, appId + " is not a website app (it is a " + app.kind()
                    + "); connect/qrconnect needs the AppID of an Open Platform website application (网站应用)");
        }
        String redirectUri = request.param("redirect_uri");
        if (redirectUri == null || redirectUri.isEmpty()) {
            return new Problem(REDIRECT_ERROR, "redirect_uri is empty");
        }
        if (!OAuthService.validRedirect(redirectUri)) {
            return new Problem(REDIRECT_ERROR, "redirect_uri is not an absolute http(s) URL (is it URL-encoded?)");
        }
        String responseType = request.param("response_type");
        if (jssdk ? responseType != null && !"code".equals(responseType) : !"code".equals(responseType)) {
            return new Problem(PARAM_ERROR, "response_type must be code");
        }
        String scope = request.param("scope");
        if (!OAuthService.LOGIN_SCOPE.equals(scope)) {
            return new Problem(SCOPE_ERROR, "scope must be snsapi_login (got " + (scope == null ? "none" : scope) + ")");
        }
        return null;
    }
}
