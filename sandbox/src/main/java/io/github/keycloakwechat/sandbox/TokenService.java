package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The global access tokens: {@code cgi-bin/token} (a new token per call, the previous one stays valid 5 minutes)
 * and {@code cgi-bin/stable_token} (the same token while valid, forced refresh limited to 20 a day, 30 s apart).
 * The two kinds are isolated from each other, as on WeChat.
 */
final class TokenService {

    static final Duration TOKEN_LIFETIME = Duration.ofSeconds(7200);
    /** cgi-bin/token: how long the previous token keeps working; stable_token: when a new one is issued early. */
    static final Duration OVERLAP = Duration.ofMinutes(5);
    static final int FORCE_REFRESH_PER_DAY = 20;
    static final Duration FORCE_REFRESH_SPACING = Duration.ofSeconds(30);
    static final int TOKEN_CALLS_PER_DAY = 2000;
    /** WeChat's quotas reset at midnight Beijing time. */
    private static final ZoneId QUOTA_ZONE = ZoneId.of("Asia/Shanghai");

    private record IssuedToken(String value, String appId, Instant expiresAt, Instant invalidAfter) {
        IssuedToken supersededAt(Instant when) {
            return new IssuedToken(value, appId, expiresAt, when);
        }
    }

    /** Per app: the current stable token and the forced refreshes of the current quota day. */
    private static final class StableSlot {
        IssuedToken current;
        LocalDate quotaDay;
        int forcedToday;
        Instant lastForced;
    }

    /** Per app: the latest cgi-bin/token token and the calls of the current quota day. */
    private static final class TokenSlot {
        String latest;
        LocalDate quotaDay;
        int callsToday;
    }

    private final SandboxState state;
    private final Json json;
    private final Ids ids;
    private final ConcurrentHashMap<String, IssuedToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, StableSlot> stable = new HashMap<>();
    private final Map<String, TokenSlot> classic = new HashMap<>();

    TokenService(SandboxState state, Json json, Ids ids) {
        this.state = state;
        this.json = json;
        this.ids = ids;
    }

    /** POST /cgi-bin/stable_token */
    ObjectNode stableToken(Request request) throws IOException, ApiError {
        ObjectNode body;
        try {
            body = json.parseObject(request.body());
        } catch (Json.BadJsonException e) {
            throw ApiError.dataFormat();
        }
        JsonNode force = body.path("force_refresh");
        if (!force.isMissingNode() && !force.isNull() && !force.isBoolean()) {
            throw ApiError.dataFormat();
        }
        SandboxApp app = authenticate(text(body, "grant_type"), text(body, "appid"), text(body, "secret"));
        IssuedToken token = stableFor(app.appId(), force.asBoolean(false));
        return tokenAnswer(token);
    }

    /** GET /cgi-bin/token */
    ObjectNode classicToken(Request request) throws ApiError {
        SandboxApp app = authenticate(request.param("grant_type"), request.param("appid"), request.param("secret"));
        return tokenAnswer(issueClassic(app.appId()));
    }

    /** The app an access token belongs to; WeChat's errors for a missing, unknown, superseded or expired one. */
    String appIdOf(String accessToken) throws ApiError {
        if (accessToken == null || accessToken.isEmpty()) {
            throw ApiError.missingAccessToken();
        }
        IssuedToken token = tokens.get(accessToken);
        Instant now = state.now();
        if (token == null || (token.invalidAfter() != null && !now.isBefore(token.invalidAfter()))) {
            throw ApiError.invalidAccessToken();
        }
        if (!now.isBefore(token.expiresAt())) {
            throw ApiError.expiredAccessToken();
        }
        if (state.app(token.appId()).isEmpty()) {
            throw ApiError.invalidAccessToken();
        }
        return token.appId();
    }

    private SandboxApp authenticate(String grantType, String appId, String secret) throws ApiError {
        if (!"client_credential".equals(grantType)) {
            throw new ApiError(40002, "invalid grant_type");
        }
        return state.authenticateApp(appId, secret);
    }

    private synchronized IssuedToken stableFor(String appId, boolean forceRefresh) throws ApiError {
        Instant now = state.now();
        StableSlot slot = stable.computeIfAbsent(appId, k -> new StableSlot());
        if (forceRefresh) {
            LocalDate today = LocalDate.ofInstant(now, QUOTA_ZONE);
            if (!today.equals(slot.quotaDay)) {
                slot.quotaDay = today;
                slot.forcedToday = 0;
            }
            if (slot.forcedToday >= FORCE_REFRESH_PER_DAY) {
                throw new ApiError(45009, "reach max api daily quota limit",
                        "force_refresh is limited to " + FORCE_REFRESH_PER_DAY + " per day");
            }
            if (slot.lastForced != null && now.isBefore(slot.lastForced.plus(FORCE_REFRESH_SPACING))) {
                throw new ApiError(45011, "api minute-quota reach limit  mustslower  retry next minute",
                        "force_refresh needs at least " + FORCE_REFRESH_SPACING.toSeconds() + " s between calls");
            }
            slot.forcedToday++;
            slot.lastForced = now;
            if (slot.current != null) {
                tokens.remove(slot.current.value());
            }
            slot.current = issue(appId, now);
        } else if (slot.current == null || !now.isBefore(slot.current.expiresAt().minus(OVERLAP))) {
            // The old one keeps working until it expires; callers still holding it are not broken.
            slot.current = issue(appId, now);
        }
        return slot.current;
    }

    private synchronized IssuedToken issueClassic(String appId) throws ApiError {
        Instant now = state.now();
        TokenSlot slot = classic.computeIfAbsent(appId, k -> new TokenSlot());
        LocalDate today = LocalDate.ofInstant(now, QUOTA_ZONE);
        if (!today.equals(slot.quotaDay)) {
            slot.quotaDay = today;
            slot.callsToday = 0;
        }
        if (slot.callsToday >= TOKEN_CALLS_PER_DAY) {
            throw new ApiError(45009, "reach max api daily quota limit");
        }
        slot.callsToday++;
        if (slot.latest != null) {
            tokens.computeIfPresent(slot.latest, (k, previous) -> previous.supersededAt(now.plus(OVERLAP)));
        }
        IssuedToken token = issue(appId, now);
        slot.latest = token.value();
        return token;
    }

    private IssuedToken issue(String appId, Instant now) {
        purge(now);
        IssuedToken token = new IssuedToken(ids.accessToken(), appId, now.plus(TOKEN_LIFETIME), null);
        tokens.put(token.value(), token);
        return token;
    }

    /** Forgets tokens long dead, so a sandbox that runs for weeks does not grow without bound. */
    private void purge(Instant now) {
        Instant cutoff = now.minus(Duration.ofHours(1));
        List<String> dead = new ArrayList<>();
        tokens.forEach((value, token) -> {
            Instant end = token.invalidAfter() != null && token.invalidAfter().isBefore(token.expiresAt())
                    ? token.invalidAfter() : token.expiresAt();
            if (end.isBefore(cutoff)) {
                dead.add(value);
            }
        });
        dead.forEach(tokens::remove);
    }

    private ObjectNode tokenAnswer(IssuedToken token) {
        ObjectNode out = json.object();
        out.put("access_token", token.value());
        out.put("expires_in", secondsUntil(state.now(), token.expiresAt()));
        return out;
    }

    /** Whole seconds left, rounded up: a token issued this instant reports 7200, not 7199. */
    static long secondsUntil(Instant now, Instant end) {
        long millis = Duration.between(now, end).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
