package io.github.keycloakwechat.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.keycloakwechat.api.StubWeChat.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Captures what the api package logs (jboss-logging delegates to java.util.logging when no other backend is
 * on the test classpath) and checks that secrets, codes and tokens never appear, at any level.
 */
class WeChatHttpLoggingTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final java.util.logging.Logger julLogger = java.util.logging.Logger.getLogger("io.github.keycloakwechat.api");
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(formatter.formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previousLevel;
    private StubWeChat stub;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(org.jboss.logging.Logger.getLogger(WeChatHttp.class).getClass().getSimpleName().startsWith("JDK"),
                "jboss-logging is not backed by java.util.logging here");
        previousLevel = julLogger.getLevel();
        julLogger.setLevel(Level.ALL);
        julLogger.addHandler(capture);
        stub = new StubWeChat();
    }

    @AfterEach
    void stop() {
        julLogger.removeHandler(capture);
        julLogger.setLevel(previousLevel);
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void noSecretTokenOrCodeIsEverLogged() {
        WeChatHttp http = StubWeChat.http(Duration.ofMillis(300));
        WeChatAppCredentials app = stub.app("wx-log", "SECRET-abc");
        AccessTokenCache cache = new AccessTokenCache(new StableTokenSource());
        WeChatMpApi api = new WeChatMpApi(http, cache, app);
        WebOAuthApi oauth = new WebOAuthApi(http, app);
        stub.on("/cgi-bin/stable_token", Response.json("{\"access_token\":\"TOKEN-xyz\",\"expires_in\":7200}"));
        stub.on("/cgi-bin/qrcode/create", Response.json("{\"errcode\":40001,\"errmsg\":\"invalid credential\"}"));
        stub.on("/sns/oauth2/access_token", Response.json("{\"errcode\":40029,\"errmsg\":\"invalid code\"}"));
        stub.on("/cgi-bin/user/info", Response.status(503, "busy"));
        stub.on("/sns/userinfo", Response.json("{}").delayed(1_000));

        assertThrows(InvalidAccessTokenException.class, () -> api.createQrCode("scene", QrCodeType.TEMPORARY, 300));
        assertThrows(InvalidOAuthCodeException.class, () -> oauth.exchangeCode("CODE-123"));
        assertThrows(WeChatUnavailableException.class, () -> api.getUserInfo("OPENID-1"));
        assertThrows(WeChatUnavailableException.class, () -> oauth.userInfo(
                new OAuthAccessToken("USERTOKEN-9", 7200, "REFRESH-8", "OPENID-1", "snsapi_userinfo", null), null));

        assertTrue(lines.stream().anyMatch(l -> l.contains("/cgi-bin/qrcode/create") && l.contains("40001")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("/cgi-bin/user/info") && l.contains("503")), lines::toString);
        for (String line : lines) {
            for (String secret : List.of("SECRET-abc", "TOKEN-xyz", "CODE-123", "USERTOKEN-9", "REFRESH-8", "access_token=")) {
                assertFalse(line.contains(secret), line);
            }
        }
    }
}
