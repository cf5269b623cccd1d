package io.github.keycloakwechat.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * Per-node cache of a product's server access tokens (WeChat's global token, WeCom's app token). How a token is
 * fetched is the product's {@link TokenSource}; how its errcodes read is the {@link ErrcodeTable} of the
 * {@link WeChatHttp} the caller passes in.
 *
 * <p>Behaviour:
 * <ul>
 *   <li>A token is reused until {@code refreshMargin} (default 300 s, at most half its lifetime) before it
 *       expires, so no call is made with a token about to die in flight.</li>
 *   <li>Single flight: concurrent callers on a missing/expiring entry share one HTTP call. A login burst
 *       after a restart must not fire one token request per user. A failure reaches every waiter and is not
 *       cached, so the next caller tries again.</li>
 *   <li>{@link #invalidate} drops an entry only if it still holds the stale token, so N requests that all
 *       saw 40001 cause one refetch, not N.</li>
 * </ul>
 *
 * <p>Keyed by API base URL + AppID + SHA-256 of the secret: a rotated secret gets a fresh token at once, the
 * secret itself is not kept as a map key, and two apps of one WeCom corp (one CorpID, two secrets) keep a token each.
 *
 * <p>One instance per Keycloak node, held by a provider factory; no static state.
 */
public final class AccessTokenCache {

    private static final Logger LOG = Logger.getLogger(AccessTokenCache.class);

    public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofSeconds(300);
    /**
     * The longest a token is kept, whatever {@code expires_in} says (WeChat and WeCom say 7200 s). An answer claiming
     * centuries used to overflow the expiry instant (DateTimeException, a 500 on the login page); found while writing
     * the fuzz test of WeChat's answers, docs/fuzzing.md.
     */
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(1);

    private final TokenSource source;
    private final Clock clock;
    private final Duration refreshMargin;
    private final ConcurrentHashMap<Key, CachedToken> tokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, CompletableFuture<CachedToken>> inFlight = new ConcurrentHashMap<>();

    public AccessTokenCache(TokenSource source) {
        this(source, Clock.systemUTC(), DEFAULT_REFRESH_MARGIN);
    }

    public AccessTokenCache(TokenSource source, Clock clock, Duration refreshMargin) {
        if (source == null || clock == null || refreshMargin == null || refreshMargin.isNegative()) {
            throw new IllegalArgumentException("source, clock and a non-negative refreshMargin are required");
        }
        this.source = source;
        this.clock = clock;
        this.refreshMargin = refreshMargin;
    }

    /**
     * Runs {@code call} with a valid access token for {@code app}. When the product rejects the token
     * ({@link InvalidAccessTokenException}: a token can die before its announced expiry, after a force refresh
     * elsewhere or a secret reset), the token is dropped and the call runs exactly once more with a fresh one; looping
     * would burn quota when the cause is permanent.
     */
    public <T> T call(WeChatHttp http, WeChatAppCredentials app, TokenCall<T> call) throws WeChatApiException {
        String token = get(http, app);
        try {
            return call.apply(token);
        } catch (InvalidAccessTokenException e) {
            invalidate(app, token);
            return call.apply(get(http, app));
        }
    }

    /** A call that needs the product's access token. */
    @FunctionalInterface
    public interface TokenCall<T> {
        T apply(String accessToken) throws WeChatApiException;
    }

    /** A valid access token for {@code app}, fetching one if none is cached or it is about to expire. */
    public String get(WeChatHttp http, WeChatAppCredentials app) throws WeChatApiException {
        Key key = Key.of(app);
        CachedToken cached = fresh(key);
        if (cached != null) {
            return cached.value();
        }
        CompletableFuture<CachedToken> mine = new CompletableFuture<>();
        CompletableFuture<CachedToken> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running).value();
        }
        try {
            // Another leader may have finished between our cache miss and putIfAbsent.
            CachedToken token = fresh(key);
            if (token == null) {
                token = fetch(http, app);
                tokens.put(key, token);
            }
            mine.complete(token);
            return token.value();
        } catch (Throwable t) {
            mine.completeExceptionally(t);
            throw t;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /**
     * Asks the product for an access token past the cache, to check the app's credentials and this server's IP
     * (diagnostics). {@code stable_token} without force refresh and WeCom's {@code gettoken} hand back the token in
     * force, so nothing else using the app is disturbed.
     *
     * @return the token's lifetime in seconds; the token itself is neither kept nor returned
     */
    public long fetchPastCache(WeChatHttp http, WeChatAppCredentials app) throws WeChatApiException {
        return source.fetch(http, app).expiresInSeconds();
    }

    /**
     * Forgets the token after WeChat rejected it, unless another caller already replaced it, in which case
     * the newer token is kept.
     */
    public void invalidate(WeChatAppCredentials app, String staleToken) {
        if (staleToken == null) {
            return;
        }
        tokens.computeIfPresent(Key.of(app), (k, v) -> v.value().equals(staleToken) ? null : v);
    }

    private CachedToken fresh(Key key) {
        CachedToken cached = tokens.get(key);
        return cached != null && clock.instant().isBefore(cached.refreshAt()) ? cached : null;
    }

    private CachedToken fetch(WeChatHttp http, WeChatAppCredentials app) throws WeChatApiException {
        Instant requestedAt = clock.instant();
        TokenSource.FetchedToken fetched = source.fetch(http, app);
        Duration lifetime = Duration.ofSeconds(Math.min(fetched.expiresInSeconds(), MAX_TOKEN_LIFETIME.toSeconds()));
        Duration halfLife = lifetime.dividedBy(2);
        Duration margin = refreshMargin.compareTo(halfLife) > 0 ? halfLife : refreshMargin;
        LOG.debugf("Fetched an access token for appid %s, valid %d s", app.appId(), fetched.expiresInSeconds());
        return new CachedToken(fetched.value(), requestedAt.plus(lifetime).minus(margin));
    }

    private static CachedToken await(CompletableFuture<CachedToken> running) throws WeChatApiException {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeChatUnavailableException("interrupted while waiting for an access token");
        } catch (ExecutionException e) {
            // The leader's exception instance is shared by all waiters; it carries the leader's stack.
            Throwable cause = e.getCause();
            if (cause instanceof WeChatApiException) {
                throw (WeChatApiException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    private record CachedToken(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "CachedToken[value=***, refreshAt=" + refreshAt + "]";
        }
    }

    private record Key(String apiBaseUrl, String appId, String secretSha256) {

        static Key of(WeChatAppCredentials app) {
            return new Key(app.apiBaseUrl(), app.appId(), sha256(app.appSecret()));
        }

        private static String sha256(String secret) {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
            }
        }
    }
}
