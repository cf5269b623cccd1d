package io.github.keycloakwechat.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.keycloakwechat.api.StubWeChat.Response;
import io.github.keycloakwechat.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessTokenCacheTest {

    private static final String TOKEN_PATH = "/cgi-bin/stable_token";

    private StubWeChat stub;
    private WeChatHttp http;
    private MutableClock clock;
    private WeChatAppCredentials app;
    private final AtomicInteger issued = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        stub = new StubWeChat();
        http = StubWeChat.http(Duration.ofSeconds(2));
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        app = stub.app("wx-app", "app-secret");
        issueTokens(7200, 0);
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    /** Every stable_token call answers a new token "T1", "T2", ... */
    private void issueTokens(int expiresIn, long delayMillis) {
        stub.on(TOKEN_PATH, request -> Response.json(
                "{\"access_token\":\"T" + issued.incrementAndGet() + "\",\"expires_in\":" + expiresIn + "}")
                .delayed(delayMillis));
    }

    private AccessTokenCache cache(Duration margin) {
        return new AccessTokenCache(new StableTokenSource(), clock, margin);
    }

    @Test
    void postsStableTokenRequestAsJson() throws Exception {
        assertEquals("T1", cache(Duration.ofSeconds(300)).get(http, app));
        List<StubWeChat.Request> calls = stub.requests(TOKEN_PATH);
        assertEquals(1, calls.size());
        assertEquals("POST", calls.get(0).method());
        assertTrue(calls.get(0).query().isEmpty(), "credentials must travel in the body, not the URL");
        JsonNode body = new ObjectMapper().readTree(calls.get(0).body());
        assertEquals("client_credential", body.path("grant_type").asText());
        assertEquals("wx-app", body.path("appid").asText());
        assertEquals("app-secret", body.path("secret").asText());
        assertTrue(body.path("force_refresh").isBoolean());
        assertEquals(false, body.path("force_refresh").booleanValue());
    }

    /** An expires_in of centuries overflowed the expiry instant (DateTimeException) instead of giving the token. */
    @Test
    void anAbsurdLifetimeIsCappedAtADay() throws Exception {
        stub.on(TOKEN_PATH, request -> Response.json(
                "{\"access_token\":\"T-forever\",\"expires_in\":9223372036854775807}"));
        AccessTokenCache cache = cache(Duration.ofSeconds(300));
        assertEquals("T-forever", cache.get(http, app));
        issueTokens(7200, 0);
        clock.advance(AccessTokenCache.MAX_TOKEN_LIFETIME.minusSeconds(301));
        assertEquals("T-forever", cache.get(http, app));
        clock.advance(Duration.ofSeconds(2));
        assertEquals("T1", cache.get(http, app));
    }

    @Test
    void reusesTheTokenUntilTheRefreshMargin() throws Exception {
        AccessTokenCache cache = cache(Duration.ofSeconds(300));
        assertEquals("T1", cache.get(http, app));
        clock.advance(Duration.ofSeconds(6899)); // 7200 - 300 - 1
        assertEquals("T1", cache.get(http, app));
        assertEquals(1, stub.requests(TOKEN_PATH).size());
        clock.advance(Duration.ofSeconds(1)); // now inside the margin
        assertEquals("T2", cache.get(http, app));
        assertEquals("T2", cache.get(http, app));
        assertEquals(2, stub.requests(TOKEN_PATH).size());
    }

    @Test
    void marginIsAtMostHalfTheLifetime() throws Exception {
        issueTokens(400, 0); // a 300 s margin would leave 100 s; half the lifetime is 200 s
        AccessTokenCache cache = cache(Duration.ofSeconds(300));
        assertEquals("T1", cache.get(http, app));
        clock.advance(Duration.ofSeconds(199));
        assertEquals("T1", cache.get(http, app));
        clock.advance(Duration.ofSeconds(1));
        assertEquals("T2", cache.get(http, app));
    }

    @Test
    void fiftyConcurrentCallersOnAColdCacheCauseOneCall() throws Exception {
        issueTokens(7200, 300);
        AccessTokenCache cache = cache(Duration.ofSeconds(300));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return cache.get(http, app);
                }));
            }
            go.countDown();
            for (Future<String> result : results) {
                assertEquals("T1", result.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, stub.requests(TOKEN_PATH).size());
    }

    @Test
    void aFailureReachesAllWaitersAndIsNotCached() throws Exception {
        stub.on(TOKEN_PATH, Response.status(500, "oops").delayed(300));
        AccessTokenCache cache = cache(Duration.ofSeconds(300));
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return cache.get(http, app);
                }));
            }
            go.countDown();
            for (Future<String> result : results) {
                java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> result.get(10, TimeUnit.SECONDS));
                assertSame(WeChatUnavailableException.class, e.getCause().getClass());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, stub.requests(TOKEN_PATH).size());

        issueTokens(7200, 0);
        assertEquals("T1", cache.get(http, app));
        assertEquals(2, stub.requests(TOKEN_PATH).size());
    }

    @Test
    void invalidateDropsOnlyTheStaleToken() throws Exception {
        AccessTokenCache cache = cache(Duration.ofSeconds(300));
        assertEquals("T1", cache.get(http, app));
        cache.invalidate(app, "T1");
        assertEquals("T2", cache.get(http, app));
        cache.invalidate(app, "T1"); // a late invalidation for an already replaced token
        assertEquals("T2", cache.get(http, app));
        assertEquals(2, stub.requests(TOKEN_PATH).size());
    }

    @Test
    void keyedByAccountAndSecret() throws Exception {
        AccessTokenCache cache = cache(Duration.ofSeconds(300));
        assertEquals("T1", cache.get(http, app));
        // same account spelled without the trailing slash: same entry
        assertEquals("T1", cache.get(http, new WeChatAppCredentials(stub.baseUrl(), "wx-app", "app-secret")));
        assertEquals("T2", cache.get(http, stub.app("wx-other", "app-secret")));
        // a rotated secret must not keep using the token obtained with the old one
        assertEquals("T3", cache.get(http, stub.app("wx-app", "rotated-secret")));
        assertEquals("T3", cache.get(http, stub.app("wx-app", "rotated-secret")));
        assertEquals("T2", cache.get(http, stub.app("wx-other", "app-secret")));
        assertEquals(3, stub.requests(TOKEN_PATH).size());
    }

    @Test
    void wrongSecretOnTheTokenEndpointIsAConfigurationError() {
        stub.on(TOKEN_PATH, Response.json("{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is invalid"
                + " or not latest rid: 1\"}"));
        WeChatApiException e = assertThrows(WeChatConfigurationException.class, () -> cache(Duration.ZERO).get(http, app));
        assertEquals(40001, e.errcode());
        assertTrue(e.errmsg().startsWith("invalid credential"));
    }

    @Test
    void answerWithoutTokenIsUnavailable() {
        stub.on(TOKEN_PATH, Response.json("{\"expires_in\":7200}"));
        assertThrows(WeChatUnavailableException.class, () -> cache(Duration.ZERO).get(http, app));
    }

    @Test
    void concurrentInvalidationsCauseOneRefetch() throws Exception {
        AccessTokenCache cache = cache(Duration.ofSeconds(300));
        assertEquals("T1", cache.get(http, app));
        issueTokens(7200, 200);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    cache.invalidate(app, "T1");
                    return cache.get(http, app);
                }));
            }
            go.countDown();
            HashSet<String> seen = new HashSet<>();
            for (Future<String> result : results) {
                seen.add(result.get(10, TimeUnit.SECONDS));
            }
            assertEquals(java.util.Set.of("T2"), seen);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, stub.requests(TOKEN_PATH).size());
    }

    @Test
    void anotherProductBringsItsOwnTokenEndpointAndErrcodes() throws Exception {
        // WeCom's shape: GET cgi-bin/gettoken?corpid&corpsecret, and its own errcode for an expired token.
        stub.on("/cgi-bin/gettoken", request -> Response.json(
                "{\"errcode\":0,\"access_token\":\"W" + issued.incrementAndGet() + "\",\"expires_in\":7200}"));
        TokenSource gettoken = (http, corp) -> TokenSource.FetchedToken.from(http.getJson(
                corp.url("/cgi-bin/gettoken?corpid=" + corp.appId() + "&corpsecret=" + corp.appSecret())), "GET /cgi-bin/gettoken");
        ErrcodeTable wecom = (errcode, errmsg) -> errcode == 42001
                ? new InvalidAccessTokenException(errcode, errmsg) : new WeChatApiException(errcode, errmsg);
        WeChatHttp wecomHttp = new WeChatHttp(org.apache.http.impl.client.HttpClients.createDefault(),
                new CallDeadlines(Duration.ofSeconds(2)), wecom);
        AccessTokenCache cache = new AccessTokenCache(gettoken, clock, Duration.ofSeconds(300));
        AtomicInteger attempts = new AtomicInteger();

        String answer = cache.call(wecomHttp, app, token -> {
            if (attempts.incrementAndGet() == 1) {
                throw wecom.toException(42001, "access_token expired");
            }
            return token;
        });

        assertEquals("W2", answer, "the expired token was dropped and the call ran once more with a fresh one");
        assertEquals(2, attempts.get());
        assertEquals(2, stub.requests("/cgi-bin/gettoken").size());
        assertTrue(stub.requests(TOKEN_PATH).isEmpty());
    }
}
