package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * WeCom (企业微信) for self-built apps: {@code cgi-bin/gettoken}, the web login page ({@code wwlogin/sso/login}),
 * OAuth inside the WeCom client ({@code connect/oauth2/authorize} with a CorpID), {@code cgi-bin/auth/getuserinfo},
 * {@code cgi-bin/auth/getuserdetail} and {@code cgi-bin/user/get}. Apps, members and outsiders live in
 * {@link SandboxState}; tokens, codes, user_tickets and waiting login pages live here.
 */
final class WeComService {

    static final Duration TOKEN_LIFETIME = Duration.ofSeconds(7200);
    static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    static final Duration USER_TICKET_LIFETIME = Duration.ofSeconds(1800);
    /** How long a login page's QR code can be confirmed. */
    static final Duration LOGIN_LIFETIME = Duration.ofMinutes(5);
    static final String SNSAPI_BASE = "snsapi_base";
    static final String SNSAPI_PRIVATEINFO = "snsapi_privateinfo";
    static final Set<String> SCOPES = Set.of(SNSAPI_BASE, SNSAPI_PRIVATEINFO);
    static final String CORP_APP = "CorpApp";
    /** What WeCom shows when redirect_uri is not on the app's trusted domain. */
    static final String UNTRUSTED_REDIRECT = "redirect_uri需使用应用可信域名";
    static final int MAX_STATE_BYTES = 128;
    private static final Duration RETENTION = Duration.ofMinutes(10);

    /**
     * A web login page ({@code wwlogin/sso/login}) waiting for somebody to confirm its QR code.
     *
     * @param key        the page's random id ({@code data-key})
     * @param oauthState the {@code state} to echo back, or null if none was given
     * @param lang       "zh" or "en"
     * @param outcome    null while waiting, then "confirmed" or "denied"
     * @param personId   who answered: a member's userid or an outsider's id
     * @param member     whether that person is a member of the corp
     * @param redirectTo where the browser is sent, once somebody answered
     */
    record Login(String key, String corpId, String agentId, String redirectUri, String oauthState, String lang,
                 Instant createdAt, Instant expiresAt, String outcome, String personId, Boolean member, String redirectTo) {

        static final String CONFIRMED = "confirmed";
        static final String DENIED = "denied";

        boolean pendingAt(Instant now) {
            return outcome == null && now.isBefore(expiresAt);
        }

        Login answered(String newOutcome, String byPerson, Boolean isMember, String target) {
            return new Login(key, corpId, agentId, redirectUri, oauthState, lang, createdAt, expiresAt, newOutcome, byPerson,
                    isMember, target);
        }
    }

    /** A member of the corp, or an outsider. */
    record Person(String id, String name, boolean member) {
    }

    private record Token(String value, String corpId, String agentId, Instant expiresAt) {
    }

    /** A login code; {@code agentId} null for an in-client snsapi_base link without agentid (any app of the corp). */
    private record Code(String corpId, String agentId, String personId, boolean member, String scope, String redirectUri,
                        Instant expiresAt, AtomicBoolean used) {
    }

    private record Ticket(String corpId, String agentId, String userid, Instant expiresAt) {
    }

    /** What a login or authorize page says is wrong: WeCom's message in Chinese and English, and the sandbox's reason. */
    private record Problem(String zh, String en, String reason) {
    }

    private final SandboxState state;
    private final Json json;
    private final Ids ids;
    private final Supplier<String> baseUrl;
    private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Token> currentTokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Code> codes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Ticket> tickets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Login> logins = new ConcurrentHashMap<>();

    WeComService(SandboxState state, Json json, Ids ids, Supplier<String> baseUrl) {
        this.state = state;
        this.json = json;
        this.ids = ids;
        this.baseUrl = baseUrl;
    }

    // --- cgi-bin/gettoken ------------------------------------------------------------------------------

    /** GET /cgi-bin/gettoken?corpid&corpsecret: the app's token, the same one while it is valid. */
    ObjectNode getToken(Request request) throws ApiError {
        String corpId = request.param("corpid");
        String secret = request.param("corpsecret");
        if (blank(corpId)) {
            throw new ApiError(41002, "corpid missing");
        }
        if (blank(secret)) {
            throw new ApiError(41004, "corpsecret missing");
        }
        if (!state.isWeComCorp(corpId)) {
            throw new ApiError(40013, "invalid corpid", state.app(corpId).isPresent()
                    ? corpId + " is a WeChat AppID; gettoken is WeCom's (WeChat uses cgi-bin/token or cgi-bin/stable_token)"
                    : "unknown CorpID " + corpId);
        }
        SandboxWeComApp app = state.weComAppsOf(corpId).stream().filter(a -> Secrets.equal(a.secret(), secret)).findFirst()
                .orElseThrow(() -> new ApiError(40001, "invalid credential",
                        "corpsecret is not the Secret of any app of " + corpId));
        Token token = tokenFor(app);
        ObjectNode out = ok();
        out.put("access_token", token.value());
        out.put("expires_in", TokenService.secondsUntil(state.now(), token.expiresAt()));
        return out;
    }

    private synchronized Token tokenFor(SandboxWeComApp app) {
        String key = app.corpId() + "/" + app.agentId();
        Instant now = state.now();
        Token current = currentTokens.get(key);
        if (current == null || !now.isBefore(current.expiresAt())) {
            purge(now);
            current = new Token(ids.accessToken(), app.corpId(), app.agentId(), now.plus(TOKEN_LIFETIME));
            tokens.put(current.value(), current);
            currentTokens.put(key, current);
        }
        return current;
    }

    /** The token of a request; WeCom's errors for a missing (41001), unknown (40014) or expired (42001) one. */
    private Token token(Request request) throws ApiError {
        String value = request.param("access_token");
        if (blank(value)) {
            throw new ApiError(41001, "access_token missing");
        }
        Token token = tokens.get(value);
        if (token == null) {
            throw new ApiError(40014, "invalid access_token", "not a token of cgi-bin/gettoken (WeChat's tokens do not work here)");
        }
        if (!state.now().isBefore(token.expiresAt())) {
            throw new ApiError(42001, "access_token expired");
        }
        if (state.weComApp(token.corpId(), token.agentId()).isEmpty()) {
            throw new ApiError(40014, "invalid access_token", "the app " + token.corpId() + "/" + token.agentId() + " no longer exists");
        }
        return token;
    }

    // --- wwlogin/sso/login (web login from a normal browser) ---------------------------------------------

    /** GET /wwlogin/sso/login?login_type=CorpApp&appid&agentid&redirect_uri&state&lang: the QR page with confirm buttons. */
    Response loginPage(Request request) {
        String lang = "en".equals(request.param("lang")) ? "en" : "zh";
        Problem problem = loginProblem(request);
        if (problem != null) {
            return Response.html(200, WeComPages.error(problem.zh(), problem.en(), problem.reason(), lang));
        }
        String corpId = request.param("appid");
        SandboxWeComApp app = state.weComApp(corpId, request.param("agentid")).orElseThrow();
        Instant now = state.now();
        boolean hasState = request.queryNames().contains("state");
        Login login = new Login(ids.alnum(24), corpId, app.agentId(), request.param("redirect_uri"),
                hasState ? request.param("state") : null, lang, now, now.plus(LOGIN_LIFETIME), null, null, null, null);
        logins.values().removeIf(l -> l.expiresAt().isBefore(now.minus(RETENTION)));
        logins.put(login.key(), login);
        return Response.html(200, WeComPages.login(app, login, state.weComMembers(corpId), state.weComOutsiders()));
    }

    private Problem loginProblem(Request request) {
        String loginType = request.param("login_type");
        if (blank(loginType)) {
            return new Problem("login_type 参数错误", "Invalid login_type", "login_type is missing (CorpApp for a self-built app)");
        }
        if ("ServiceApp".equals(loginType)) {
            return new Problem("login_type 参数错误", "Invalid login_type",
                    "login_type=ServiceApp (third-party service provider login) is not simulated; use CorpApp");
        }
        if (!CORP_APP.equals(loginType)) {
            return new Problem("login_type 参数错误", "Invalid login_type", "login_type must be CorpApp (got " + loginType + ")");
        }
        String corpId = request.param("appid");
        if (blank(corpId)) {
            return new Problem("appid 参数错误", "Invalid appid", "appid (the CorpID) is missing");
        }
        if (!state.isWeComCorp(corpId)) {
            return new Problem("appid 参数错误", "Invalid appid", state.app(corpId).isPresent()
                    ? corpId + " is a WeChat AppID; WeCom login needs the CorpID (ww...)" : "unknown CorpID " + corpId);
        }
        String agentId = request.param("agentid");
        if (blank(agentId)) {
            return new Problem("agentid 参数错误", "Invalid agentid", "agentid is required with login_type=CorpApp");
        }
        Optional<SandboxWeComApp> app = state.weComApp(corpId, agentId);
        if (app.isEmpty()) {
            return new Problem("agentid 参数错误", "Invalid agentid", corpId + " has no app with AgentId " + agentId);
        }
        Problem redirect = redirectProblem(request.param("redirect_uri"), List.of(app.get()));
        if (redirect != null) {
            return redirect;
        }
        return stateProblem(request.param("state"));
    }

    private static Problem redirectProblem(String redirectUri, List<SandboxWeComApp> apps) {
        if (blank(redirectUri)) {
            return new Problem("redirect_uri 参数错误", "Invalid redirect_uri", "redirect_uri is empty");
        }
        if (!OAuthService.validRedirect(redirectUri)) {
            return new Problem("redirect_uri 参数错误", "Invalid redirect_uri",
                    "redirect_uri is not an absolute http(s) URL (is it URL-encoded?)");
        }
        if (apps.stream().noneMatch(a -> a.allowsRedirect(redirectUri))) {
            return new Problem(UNTRUSTED_REDIRECT, UNTRUSTED_REDIRECT, "the host of redirect_uri is "
                    + SandboxWeComApp.hostPort(redirectUri) + "; the trusted domain is "
                    + String.join(" / ", apps.stream().map(SandboxWeComApp::trustedDomain).distinct().toList()));
        }
        return null;
    }

    private static Problem stateProblem(String oauthState) {
        if (oauthState != null && oauthState.getBytes(StandardCharsets.UTF_8).length > MAX_STATE_BYTES) {
            return new Problem("state 参数错误", "Invalid state", "state is longer than " + MAX_STATE_BYTES + " bytes");
        }
        return null;
    }

    /**
     * POST /wwlogin/sso/login/confirm (form: key, and user=ID to confirm or action=deny): 302 to
     * {@code redirect_uri?code=CODE&state=STATE} (or without code on refusal); with {@code Accept: application/json}
     * {@code {"redirect"}}.
     */
    Response confirmLogin(Request request) throws IOException {
        Map<String, String> form = request.form();
        String accept = request.header("Accept");
        boolean wantsJson = accept != null && accept.contains("application/json");
        Login done;
        try {
            done = answerLogin(form.get("key"), form.get("user"), !"deny".equals(form.get("action")));
        } catch (PhoneActions.ActionException e) {
            if (wantsJson) {
                ObjectNode out = json.object();
                out.put("error", e.getMessage());
                return Response.of(e.status(), Response.JSON, json.write(out));
            }
            String lang = Optional.ofNullable(logins.get(String.valueOf(form.get("key")))).map(Login::lang).orElse("zh");
            return Response.html(e.status(), WeComPages.failed(e.getMessage(), lang));
        }
        if (wantsJson) {
            ObjectNode out = json.object();
            out.put("redirect", done.redirectTo());
            return Response.of(200, Response.JSON, json.write(out));
        }
        return Response.redirect(done.redirectTo());
    }

    /**
     * Confirms ({@code allow}) or refuses a waiting login page as a member or an outsider: a single-use 5-minute code
     * bound to the corp and app goes into the redirect on confirmation, only the state on refusal. Each page is
     * answered once.
     */
    synchronized Login answerLogin(String key, String personId, boolean allow) throws PhoneActions.ActionException {
        if (blank(key)) {
            throw new PhoneActions.ActionException(400, "\"key\" is required");
        }
        Login login = Optional.ofNullable(logins.get(key))
                .orElseThrow(() -> new PhoneActions.ActionException(404, "unknown or long expired WeCom login " + key));
        if (login.outcome() != null) {
            throw new PhoneActions.ActionException(409, "this QR code was already " + login.outcome() + " (single use)");
        }
        if (!login.pendingAt(state.now())) {
            throw new PhoneActions.ActionException(410, "this QR code has expired");
        }
        Person person = null;
        if (!blank(personId)) {
            person = person(login.corpId(), personId).orElseThrow(() -> new PhoneActions.ActionException(404,
                    personId + " is neither a member of " + login.corpId() + " nor an outsider"));
        } else if (allow) {
            throw new PhoneActions.ActionException(400, "\"user\" is required to confirm");
        }
        if (state.weComApp(login.corpId(), login.agentId()).isEmpty()) {
            throw new PhoneActions.ActionException(404, "the WeCom app " + login.corpId() + "/" + login.agentId()
                    + " no longer exists");
        }
        String code = allow ? issueCode(login.corpId(), login.agentId(), person, SNSAPI_BASE, login.redirectUri()) : null;
        Login done = login.answered(allow ? Login.CONFIRMED : Login.DENIED, person == null ? null : person.id(),
                person == null ? null : person.member(), OAuthService.withParams(login.redirectUri(), code, login.oauthState()));
        logins.put(key, done);
        return done;
    }

    /** GET /wwlogin/sso/poll?key=: {@code {"status":"waiting"|"confirmed"|"denied"|"expired","redirect"}}. */
    Response poll(Request request) {
        Login login = blank(request.param("key")) ? null : logins.get(request.param("key"));
        ObjectNode out = json.object();
        if (login == null) {
            out.put("status", "expired");
            return Response.of(404, Response.JSON, json.write(out));
        }
        Instant now = state.now();
        if (login.outcome() != null) {
            out.put("status", login.outcome());
            out.put("redirect", login.redirectTo());
        } else if (login.pendingAt(now)) {
            out.put("status", "waiting");
            out.put("expiresIn", TokenService.secondsUntil(now, login.expiresAt()));
        } else {
            out.put("status", "expired");
        }
        return Response.of(200, Response.JSON, json.write(out));
    }

    /** GET /wwlogin/sso/qrcode/{key}: the page's QR image (JPEG) while it can be confirmed, else 404. */
    Response qrImage(Request request) {
        String key = request.path().substring("/wwlogin/sso/qrcode/".length());
        Login login = logins.get(key);
        if (login == null || !login.pendingAt(state.now())) {
            return Response.html(404, "<html><body><h1>404 Not Found</h1></body></html>");
        }
        return Response.of(200, "image/jpeg", QrCodeService.jpeg(baseUrl.get() + "/wwlogin/sso/scan?key="
                + URLEncoder.encode(key, StandardCharsets.UTF_8)));
    }

    /** GET /wwlogin/sso/scan?key=: what the QR code contains, as a phone camera would open it. */
    Response scanLanding(Request request) {
        Login login = blank(request.param("key")) ? null : logins.get(request.param("key"));
        boolean pending = login != null && login.pendingAt(state.now());
        return Response.html(pending ? 200 : 404, WeComPages.scanLanding(pending));
    }

    /** GET /wwopen/sso/qrConnect: the legacy link, answered with a page saying it is deprecated. */
    Response legacyQrConnect(Request request) {
        return Response.html(200, WeComPages.error("该登录链接已废弃，请使用新版企业微信Web登录",
                "This login link is deprecated: use the new WeCom web login",
                "use " + baseUrl.get() + "/wwlogin/sso/login?login_type=CorpApp&appid=CORPID&agentid=AGENTID"
                        + "&redirect_uri=URLENCODED&state=STATE (open.work.weixin.qq.com/wwopen/sso/qrConnect is the old form)",
                "en".equals(request.param("lang")) ? "en" : "zh"));
    }

    /** The newest waiting login page, of one corp if {@code corpId} is given. */
    Optional<Login> newestPendingLogin(String corpId) {
        return pendingLogins().stream().filter(l -> corpId == null || corpId.equals(l.corpId())).findFirst();
    }

    /** The login pages that can still be confirmed, newest first. */
    List<Login> pendingLogins() {
        Instant now = state.now();
        List<Login> out = new ArrayList<>(logins.values().stream().filter(l -> l.pendingAt(now)).toList());
        out.sort(Comparator.comparing(Login::createdAt).reversed());
        return out;
    }

    // --- connect/oauth2/authorize inside the WeCom client ------------------------------------------------

    /** Whether an authorize link is WeCom's: its appid is a CorpID (and no WeChat app has that AppID). */
    boolean handlesAuthorize(Request request) {
        String appId = request.param("appid");
        return appId != null && state.app(appId).isEmpty() && state.isWeComCorp(appId);
    }

    /**
     * GET /connect/oauth2/authorize?appid=CORPID&redirect_uri&response_type=code&scope&state&agentid: snsapi_base (and
     * snsapi_privateinfo without agentid) redirects at once as the corp's client user ({@link
     * SandboxState#setWeComClientUser}); snsapi_privateinfo with agentid shows a consent page. Without a client user,
     * a page asks who is using the WeCom client.
     */
    Response authorize(Request request) {
        Problem problem = authorizeProblem(request);
        if (problem != null) {
            return Response.html(200, WeComPages.error(problem.zh(), problem.en(), problem.reason(), "zh"));
        }
        String corpId = request.param("appid");
        String agentId = blank(request.param("agentid")) ? null : request.param("agentid");
        String redirectUri = request.param("redirect_uri");
        String requested = request.param("scope");
        String scope = SNSAPI_PRIVATEINFO.equals(requested) && agentId != null ? SNSAPI_PRIVATEINFO : SNSAPI_BASE;
        String oauthState = request.queryNames().contains("state") ? request.param("state") : null;
        Optional<Person> client = state.weComClientUser(corpId).flatMap(id -> person(corpId, id));
        if (SNSAPI_BASE.equals(scope) && client.isPresent()) {
            String code = issueCode(corpId, agentId, client.get(), SNSAPI_BASE, redirectUri);
            return Response.redirect(OAuthService.withParams(redirectUri, code, oauthState));
        }
        SandboxWeComApp app = agentId == null ? null : state.weComApp(corpId, agentId).orElseThrow();
        return Response.html(200, WeComPages.consent(corpId, state.weComCorpName(corpId), app, people(corpId),
                client.map(Person::id).orElse(null), redirectUri, requested, scope, oauthState));
    }

    private Problem authorizeProblem(Request request) {
        String corpId = request.param("appid");
        String agentId = request.param("agentid");
        List<SandboxWeComApp> apps;
        if (blank(agentId)) {
            apps = state.weComAppsOf(corpId);
        } else {
            Optional<SandboxWeComApp> app = state.weComApp(corpId, agentId);
            if (app.isEmpty()) {
                return new Problem("agentid 参数错误", "Invalid agentid", corpId + " has no app with AgentId " + agentId);
            }
            apps = List.of(app.get());
        }
        Problem redirect = redirectProblem(request.param("redirect_uri"), apps);
        if (redirect != null) {
            return redirect;
        }
        if (!"code".equals(request.param("response_type"))) {
            return new Problem("response_type 参数错误", "Invalid response_type", "response_type must be code");
        }
        String scope = request.param("scope");
        if (!SCOPES.contains(scope)) {
            return new Problem("scope 参数错误", "Invalid scope", "scope must be snsapi_base or snsapi_privateinfo (got "
                    + (blank(scope) ? "none" : scope) + "; snsapi_userinfo appears only in old WeCom docs)");
        }
        return stateProblem(request.param("state"));
    }

    /**
     * POST /connect/oauth2/authorize/wecom/confirm (form: appid, agentid, redirect_uri, scope, state, user,
     * action=allow|deny): the answer on the consent (or "who is using the client") page.
     */
    Response confirmAuthorize(Request request) throws IOException {
        Map<String, String> form = request.form();
        String corpId = form.get("appid");
        String agentId = blank(form.get("agentid")) ? null : form.get("agentid");
        String redirectUri = form.get("redirect_uri");
        String scope = form.get("scope");
        String oauthState = form.get("state");
        List<SandboxWeComApp> apps = agentId == null ? state.weComAppsOf(corpId)
                : state.weComApp(corpId, agentId).map(List::of).orElse(List.of());
        if (!state.isWeComCorp(corpId) || apps.isEmpty() || redirectProblem(redirectUri, apps) != null
                || !SCOPES.contains(scope) || (SNSAPI_PRIVATEINFO.equals(scope) && agentId == null)
                || stateProblem(oauthState) != null) {
            return Response.html(400, WeComPages.failed("the confirmation form was incomplete or altered", "zh"));
        }
        if ("deny".equals(form.get("action"))) {
            return Response.redirect(OAuthService.withParams(redirectUri, null, oauthState));
        }
        Optional<Person> person = blank(form.get("user")) ? Optional.empty() : person(corpId, form.get("user"));
        if (person.isEmpty()) {
            return Response.html(400, WeComPages.failed("unknown WeCom member or outsider", "zh"));
        }
        String code = issueCode(corpId, agentId, person.get(), scope, redirectUri);
        return Response.redirect(OAuthService.withParams(redirectUri, code, oauthState));
    }

    // --- cgi-bin/auth/* and cgi-bin/user/get -------------------------------------------------------------

    /**
     * GET /cgi-bin/auth/getuserinfo?access_token&code: a member's {@code userid} (and {@code user_ticket} after
     * snsapi_privateinfo), or an outsider's {@code openid} and {@code external_userid}.
     */
    ObjectNode getUserInfo(Request request) throws ApiError {
        Token token = token(request);
        String value = request.param("code");
        if (blank(value)) {
            throw new ApiError(41008, "missing code");
        }
        Code code = codes.get(value);
        if (code == null) {
            throw new ApiError(40029, "invalid code", "unknown code");
        }
        if (!code.corpId().equals(token.corpId())) {
            throw new ApiError(40029, "invalid code", "a code of corp " + code.corpId() + ", a token of " + token.corpId());
        }
        if (code.agentId() != null && !code.agentId().equals(token.agentId())) {
            throw new ApiError(40029, "invalid code", "a code of app " + code.agentId() + ", a token of app " + token.agentId());
        }
        if (code.used().get()) {
            throw new ApiError(40029, "invalid code", "code been used");
        }
        Instant now = state.now();
        if (!now.isBefore(code.expiresAt())) {
            throw new ApiError(40029, "invalid code", "code expired (codes live 5 minutes)");
        }
        SandboxWeComApp app = state.weComApp(token.corpId(), token.agentId()).orElseThrow(() -> new ApiError(40014, "invalid access_token"));
        if (!app.allowsRedirect(code.redirectUri())) {
            throw new ApiError(50001, "redirect_url not authorised", "the code was issued for "
                    + SandboxWeComApp.hostPort(code.redirectUri()) + ", the app's trusted domain is " + app.trustedDomain());
        }
        if (!code.used().compareAndSet(false, true)) {
            throw new ApiError(40029, "invalid code", "code been used");
        }
        ObjectNode out = ok();
        if (code.member()) {
            out.put("userid", code.personId());
            if (SNSAPI_PRIVATEINFO.equals(code.scope())) {
                String ticket = ids.accessToken();
                tickets.values().removeIf(t -> t.expiresAt().isBefore(now.minus(RETENTION)));
                tickets.put(ticket, new Ticket(token.corpId(), token.agentId(), code.personId(), now.plus(USER_TICKET_LIFETIME)));
                out.put("user_ticket", ticket);
            }
        } else {
            out.put("openid", state.weComOpenidOf(code.corpId(), code.personId()));
            out.put("external_userid", state.externalUseridOf(code.corpId(), code.personId()));
        }
        return out;
    }

    /**
     * POST /cgi-bin/auth/getuserdetail?access_token with {@code {"user_ticket"}}: the member's sensitive fields; those
     * the member does not have are left out.
     */
    ObjectNode getUserDetail(Request request) throws IOException, ApiError {
        Token token = token(request);
        byte[] raw = request.body();
        ObjectNode body;
        try {
            body = raw.length == 0 ? json.object() : json.parseObject(raw);
        } catch (Json.BadJsonException e) {
            throw new ApiError(47001, "data format error", e.getMessage());
        }
        JsonNode node = body.get("user_ticket");
        String value = node != null && node.isTextual() ? node.asText() : null;
        if (blank(value)) {
            throw new ApiError(40003, "invalid user_ticket", "user_ticket is missing from the JSON body");
        }
        Ticket ticket = tickets.get(value);
        if (ticket == null || !ticket.corpId().equals(token.corpId()) || !ticket.agentId().equals(token.agentId())) {
            throw new ApiError(40003, "invalid user_ticket", ticket == null ? "unknown user_ticket"
                    : "a user_ticket of app " + ticket.corpId() + "/" + ticket.agentId());
        }
        if (!state.now().isBefore(ticket.expiresAt())) {
            throw new ApiError(40003, "invalid user_ticket", "user_ticket expired (they live 1800 s)");
        }
        SandboxWeComMember member = state.weComMember(ticket.corpId(), ticket.userid())
                .orElseThrow(() -> new ApiError(60111, "userid not found", ticket.userid() + " left the corp"));
        ObjectNode out = ok();
        out.put("userid", member.userid());
        out.put("gender", member.gender());
        out.put("avatar", avatarOf(member));
        out.put("qr_code", qrCodeOf(member));
        putIfPresent(out, "mobile", member.mobile());
        putIfPresent(out, "email", member.email());
        putIfPresent(out, "biz_mail", member.bizMail());
        putIfPresent(out, "address", member.address());
        return out;
    }

    /**
     * GET /cgi-bin/user/get?access_token&userid: name, department, position, status… but, as for self-built apps
     * created after 2022-06-20, no avatar, gender, mobile, email, biz_mail, qr_code or address.
     */
    ObjectNode getUser(Request request) throws ApiError {
        Token token = token(request);
        String userid = request.param("userid");
        if (blank(userid)) {
            throw new ApiError(41009, "missing userid");
        }
        SandboxWeComMember member = state.weComMember(token.corpId(), userid)
                .orElseThrow(() -> new ApiError(60111, "userid not found", "no member " + userid + " in " + token.corpId()));
        ObjectNode out = ok();
        out.put("userid", member.userid());
        out.put("name", member.name());
        ArrayNode department = out.putArray("department");
        ArrayNode order = out.putArray("order");
        member.department().forEach(d -> {
            department.add(d);
            order.add(0);
        });
        out.put("position", member.position());
        out.put("main_department", member.department().get(0));
        ArrayNode leader = out.putArray("is_leader_in_dept");
        member.department().forEach(d -> leader.add(0));
        out.putArray("direct_leader");
        out.put("status", member.status());
        return out;
    }

    // --- member pictures ---------------------------------------------------------------------------------

    /** The avatar getuserdetail answers: the member's, or a generated one ({@code /sandbox/wecom/avatar/{corp}/{userid}/0}). */
    String avatarOf(SandboxWeComMember member) {
        return member.avatar() != null ? member.avatar()
                : baseUrl.get() + "/sandbox/wecom/avatar/" + member.corpId() + "/" + member.userid() + "/0";
    }

    /** The member's personal QR code, like WeCom's {@code https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=…}. */
    String qrCodeOf(SandboxWeComMember member) {
        return baseUrl.get() + "/wwopen/userQRCode?vcode=" + vcode(member);
    }

    private static String vcode(SandboxWeComMember member) {
        return SandboxState.digest("wecom-vcode:" + member.corpId() + ":" + member.userid()).substring(0, 24).replace('-', 'x')
                .replace('_', 'y');
    }

    /** GET /sandbox/wecom/avatar/{corpId}/{userid}[/size]: a coloured disc with the name's first character. */
    Response avatar(Request request) {
        String[] parts = request.path().substring("/sandbox/wecom/avatar/".length()).split("/");
        Optional<SandboxWeComMember> member = parts.length >= 2 ? state.weComMember(parts[0], parts[1]) : Optional.empty();
        return member.map(m -> {
            String initial = new String(Character.toChars(m.name().codePointAt(0)));
            int hue = Math.floorMod((m.corpId() + m.userid()).hashCode(), 360);
            String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\" viewBox=\"0 0 100 100\">"
                    + "<rect width=\"100\" height=\"100\" rx=\"8\" fill=\"hsl(" + hue + ",50%,50%)\"/>"
                    + "<text x=\"50\" y=\"66\" font-size=\"46\" text-anchor=\"middle\" fill=\"#fff\" font-family=\"sans-serif\">"
                    + Html.esc(initial) + "</text></svg>";
            return Response.of(200, "image/svg+xml", svg.getBytes(StandardCharsets.UTF_8));
        }).orElseGet(() -> Response.text(404, "unknown member"));
    }

    /** GET /wwopen/userQRCode?vcode=: the member's personal QR code (JPEG), 404 for an unknown vcode. */
    Response userQrCode(Request request) {
        String vcode = request.param("vcode");
        return state.weComMembers().stream().filter(m -> vcode(m).equals(vcode)).findFirst()
                .map(m -> Response.of(200, "image/jpeg", QrCodeService.jpeg(baseUrl.get() + "/wwopen/userQRCode?vcode=" + vcode)))
                .orElseGet(() -> Response.html(404, "<html><body><h1>404 Not Found</h1></body></html>"));
    }

    // --- helpers -----------------------------------------------------------------------------------------

    /** A member of the corp, else an outsider, with this id. */
    Optional<Person> person(String corpId, String id) {
        Optional<SandboxWeComMember> member = state.weComMember(corpId, id);
        if (member.isPresent()) {
            return Optional.of(new Person(id, member.get().name(), true));
        }
        return state.weComOutsider(id).map(o -> new Person(o.id(), o.name(), false));
    }

    /** The corp's members, then the outsiders. */
    private List<Person> people(String corpId) {
        List<Person> out = new ArrayList<>();
        state.weComMembers(corpId).forEach(m -> out.add(new Person(m.userid(), m.name(), true)));
        state.weComOutsiders().forEach(o -> out.add(new Person(o.id(), o.name(), false)));
        return out;
    }

    private String issueCode(String corpId, String agentId, Person person, String scope, String redirectUri) {
        Instant now = state.now();
        codes.values().removeIf(c -> c.expiresAt().isBefore(now.minus(RETENTION)));
        String code = ids.code(43);
        codes.put(code, new Code(corpId, agentId, person.id(), person.member(), scope, redirectUri, now.plus(CODE_LIFETIME),
                new AtomicBoolean()));
        return code;
    }

    /** Forgets tokens long expired. */
    private void purge(Instant now) {
        tokens.values().removeIf(t -> t.expiresAt().isBefore(now.minus(Duration.ofHours(1))));
    }

    private ObjectNode ok() {
        ObjectNode out = json.object();
        out.put("errcode", 0);
        out.put("errmsg", "ok");
        return out;
    }

    private static void putIfPresent(ObjectNode out, String field, String value) {
        if (value != null) {
            out.put(field, value);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
