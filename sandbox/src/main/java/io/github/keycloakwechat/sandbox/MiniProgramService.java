package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mini Program (小程序) login on the server side: {@code sns/jscode2session} redeems a {@code wx.login()} code for
 * the openid, a session_key and (when bound) the unionid; {@code wxa/business/getuserphonenumber} redeems a
 * getPhoneNumber button code for the person's phone number. The codes come from
 * {@link SandboxState#mintMiniProgramLoginCode} and {@link SandboxState#mintMiniProgramPhoneCode}.
 *
 * <p>Session keys are secrets: each successful jscode2session answers a fresh random one. The state remembers them
 * ({@link SandboxState#sessionKeyOf}, {@link SandboxState#issuedSessionKeys}, for tests checking that nobody leaks
 * them) but no page or control API shows them.
 */
final class MiniProgramService {

    /** jscode2session: at most this many calls per person and Mini Program in {@link #RATE_WINDOW} (else 45011). */
    static final int CALLS_PER_MINUTE_PER_USER = 100;
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private final SandboxState state;
    private final TokenService tokens;
    private final Json json;
    private final Ids ids;
    /** When each app and person's recent jscode2session calls were made, for the per-minute limit. */
    private final ConcurrentHashMap<String, Deque<Instant>> recentCalls = new ConcurrentHashMap<>();

    MiniProgramService(SandboxState state, TokenService tokens, Json json, Ids ids) {
        this.state = state;
        this.tokens = tokens;
        this.json = json;
        this.ids = ids;
    }

    /** GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code */
    ObjectNode codeToSession(Request request) throws ApiError {
        String appId = request.param("appid");
        String secret = request.param("secret");
        if (appId == null || appId.isEmpty()) {
            throw new ApiError(41002, "appid missing");
        }
        if (secret == null || secret.isEmpty()) {
            throw new ApiError(41004, "appsecret missing");
        }
        SandboxApp app = state.app(appId).orElseThrow(() -> new ApiError(40013, "invalid appid"));
        if (!app.miniProgramApp()) {
            throw new ApiError(40013, "invalid appid", appId + " is " + SandboxApp.kindLabel(app.kind())
                    + "; jscode2session needs a Mini Program's AppID");
        }
        if (!Secrets.equal(app.appSecret(), secret)) {
            throw new ApiError(40125, "invalid appsecret");
        }
        String jsCode = request.param("js_code");
        if (jsCode == null || jsCode.isEmpty()) {
            throw new ApiError(41008, "missing code");
        }
        if (!"authorization_code".equals(request.param("grant_type"))) {
            throw new ApiError(40002, "invalid grant_type", "grant_type must be authorization_code");
        }
        SandboxState.MiniProgramCode code = state.miniProgramLoginCode(jsCode)
                .filter(c -> c.appId().equals(app.appId()))
                .orElseThrow(() -> new ApiError(40029, "invalid code"));
        if (code.used().get()) {
            throw new ApiError(40163, "code been used");
        }
        Instant now = state.now();
        if (!now.isBefore(code.expiresAt())) {
            throw new ApiError(40029, "invalid code", "code expired: wx.login() codes live "
                    + SandboxState.MINI_PROGRAM_CODE_LIFETIME.toMinutes() + " minutes");
        }
        checkRate(app.appId(), code.userId(), now);
        if (!code.used().compareAndSet(false, true)) {
            throw new ApiError(40163, "code been used");
        }
        String sessionKey = ids.sessionKey();
        state.recordSessionKey(app.appId(), code.userId(), sessionKey);

        ObjectNode out = json.object();
        out.put("session_key", sessionKey);
        out.put("openid", state.openidOf(code.userId(), app.appId()));
        if (app.openPlatformBound()) {
            out.put("unionid", state.unionidOf(code.userId()));
        }
        return out;
    }

    /** POST /wxa/business/getuserphonenumber?access_token with {"code":"..."} (and optionally "openid"). */
    ObjectNode phoneNumber(Request request) throws IOException, ApiError {
        String appId = tokens.appIdOf(request.param("access_token"));
        SandboxApp app = state.app(appId).orElseThrow(ApiError::invalidAccessToken);
        if (!app.miniProgramApp()) {
            throw new ApiError(48001, "api unauthorized", "getuserphonenumber needs a Mini Program's access_token; this one is of "
                    + SandboxApp.kindLabel(app.kind()) + " (" + appId + ")");
        }
        ObjectNode body;
        byte[] raw = request.body();
        try {
            body = raw.length == 0 ? json.object() : json.parseObject(raw);
        } catch (Json.BadJsonException e) {
            throw ApiError.dataFormat();
        }
        JsonNode codeNode = body.get("code");
        if (codeNode == null || !codeNode.isTextual() || codeNode.asText().isEmpty()) {
            throw new ApiError(40029, "invalid code", request.param("code") != null
                    ? "the code goes in the JSON body, not in the query string" : "the JSON body has no \"code\"");
        }
        Optional<SandboxState.MiniProgramCode> found = state.miniProgramPhoneCode(codeNode.asText());
        SandboxState.MiniProgramCode code = found.filter(c -> c.appId().equals(app.appId()))
                .orElseThrow(() -> new ApiError(40029, "invalid code", found.isPresent()
                        ? "the code was issued to another Mini Program" : null));
        if (code.used().get()) {
            throw new ApiError(40029, "invalid code", "code been used: phone codes are single use");
        }
        Instant now = state.now();
        if (!now.isBefore(code.expiresAt())) {
            throw new ApiError(40029, "invalid code", "code expired: phone codes live "
                    + SandboxState.MINI_PROGRAM_CODE_LIFETIME.toMinutes() + " minutes");
        }
        JsonNode openid = body.get("openid");
        if (openid != null && !openid.isNull()
                && !(openid.isTextual() && openid.asText().equals(state.openidOf(code.userId(), app.appId())))) {
            throw new ApiError(40003, "invalid openid", "the phone code belongs to another person");
        }
        if (!code.used().compareAndSet(false, true)) {
            throw new ApiError(40029, "invalid code", "code been used: phone codes are single use");
        }
        // The number the person shared when they pressed the button.
        SandboxUser shared = new SandboxUser(code.userId(), null, null, code.phone());

        ObjectNode out = json.object();
        out.put("errcode", 0);
        out.put("errmsg", "ok");
        ObjectNode info = out.putObject("phone_info");
        info.put("phoneNumber", shared.wechatPhoneNumber());
        info.put("purePhoneNumber", shared.purePhoneNumber());
        info.put("countryCode", shared.phoneCountryCode());
        ObjectNode watermark = info.putObject("watermark");
        watermark.put("timestamp", now.getEpochSecond());
        watermark.put("appid", app.appId());
        return out;
    }

    /** WeChat's limit on code2Session: 100 calls per minute per user. */
    private void checkRate(String appId, String userId, Instant now) throws ApiError {
        Deque<Instant> calls = recentCalls.computeIfAbsent(key(appId, userId), k -> new ArrayDeque<>());
        synchronized (calls) {
            Instant windowStart = now.minus(RATE_WINDOW);
            while (!calls.isEmpty() && !calls.peekFirst().isAfter(windowStart)) {
                calls.removeFirst();
            }
            if (calls.size() >= CALLS_PER_MINUTE_PER_USER) {
                throw new ApiError(45011, "api minute-quota reach limit  mustslower  retry next minute",
                        "jscode2session allows " + CALLS_PER_MINUTE_PER_USER + " calls per minute per user");
            }
            calls.addLast(now);
        }
    }

    private static String key(String appId, String userId) {
        return appId + "\n" + userId;
    }
}
