package io.github.keycloakwechat.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.keycloakwechat.api.AccessTokenCache;
import io.github.keycloakwechat.api.CallDeadlines;
import io.github.keycloakwechat.api.ErrcodeTable;
import io.github.keycloakwechat.api.GetTokenSource;
import io.github.keycloakwechat.api.MiniProgramApi;
import io.github.keycloakwechat.api.OAuthAccessToken;
import io.github.keycloakwechat.api.QrCode;
import io.github.keycloakwechat.api.QrCodeType;
import io.github.keycloakwechat.api.SnsUserInfo;
import io.github.keycloakwechat.api.StableTokenSource;
import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.api.WeChatAppCredentials;
import io.github.keycloakwechat.api.WeChatErrcodes;
import io.github.keycloakwechat.api.WeChatHttp;
import io.github.keycloakwechat.api.WeChatMpApi;
import io.github.keycloakwechat.api.WeComApi;
import io.github.keycloakwechat.api.WeComErrcodes;
import io.github.keycloakwechat.api.WebOAuthApi;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpVersion;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.conn.ClientConnectionManager;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.message.BasicHttpResponse;
import org.apache.http.params.HttpParams;
import org.apache.http.protocol.HttpContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Every WeChat and WeCom answer body the extension reads, through the real clients ({@link WeChatHttp}, the
 * per-product APIs, the token sources and {@link AccessTokenCache}) on an in-process HTTP client that answers the
 * fuzzer's bytes with status 200. The contract: a typed result whose required fields are present, or a
 * {@link WeChatApiException} (one of its subclasses) whose message, apart from WeChat's own errmsg, quotes neither the
 * AppSecret, the access token nor the login code; never another exception.
 *
 * <p>Input: byte 0 picks the call (modulo {@value #CALLS}); the rest is the answer body of that call. Calls that need
 * the account's access token get a valid token from the token endpoint first (and again after an invalid-token
 * errcode).
 */
class WeChatAnswerFuzzTest {

    static final int CALLS = 11;
    private static final String APP_SECRET = "s3cr3t-AppSecret-0123456789abcdef";
    private static final String ACCESS_TOKEN = "ACCESS_TOKEN_issued_by_the_fake_token_endpoint";
    private static final String CODE = "login-code-0001";
    private static final byte[] TOKEN_ANSWER = ("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":7200}")
            .getBytes(StandardCharsets.UTF_8);
    private static final WeChatAppCredentials APP =
            new WeChatAppCredentials("https://api.weixin.qq.com", "wx1a2b3c4d5e6f7a8b", APP_SECRET);
    private static final WeChatAppCredentials CORP =
            new WeChatAppCredentials("https://qyapi.weixin.qq.com", "ww1a2b3c4d5e6f7a8b", APP_SECRET);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CallDeadlines deadlines;

    @BeforeAll
    static void start() {
        deadlines = new CallDeadlines(Duration.ofSeconds(5));
        FuzzSupport.quietLogs();
    }

    @AfterAll
    static void stop() {
        deadlines.close();
        FuzzSupport.restoreLogs();
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    @DictionaryEntries({"{\"errcode\":", "\"errmsg\":\"", "\"access_token\":\"", "\"expires_in\":", "\"openid\":\"",
            "\"unionid\":\"", "\"refresh_token\":\"", "\"scope\":\"", "\"is_snapshotuser\":1", "\"nickname\":\"",
            "\"sex\":", "\"ticket\":\"", "\"url\":\"", "\"expire_seconds\":", "\"phone_info\":{",
            "\"purePhoneNumber\":\"", "\"countryCode\":\"", "\"userid\":\"", "\"user_ticket\":\"", "\"mobile\":\"",
            "\"email\":\"", "\"name\":\"", "40001", "42001", "40014", "40029", "45009", "40226", "40164", "-1", "null",
            "true", "[]", "{}", "1e999", "9223372036854775807", "-9223372036854775808", "\\u0000"})
    void answer(byte[] data) {
        int call = data.length == 0 ? 0 : (data[0] & 0xff) % CALLS;
        byte[] body = data.length < 2 ? new byte[0] : Arrays.copyOfRange(data, 1, data.length);
        boolean weCom = call >= 6 && call != 9;
        boolean tokenCall = call == 9 || call == 10;
        FakeHttpClient client = new FakeHttpClient(body, tokenCall);
        ErrcodeTable table = weCom ? WeComErrcodes.TABLE : WeChatErrcodes.TABLE;
        WeChatHttp http = new WeChatHttp(client, deadlines, table);
        AccessTokenCache tokens = new AccessTokenCache(weCom ? new GetTokenSource() : new StableTokenSource());
        try {
            Object result = call(call, http, tokens);
            assertNotNull(result);
        } catch (WeChatApiException e) {
            // WeChat's errmsg is quoted verbatim by design (it carries the rid WeChat's support asks for); whatever
            // else the message says is ours and must not leak what the request carried.
            String message = String.valueOf(e.getMessage()).replace(errmsgOf(body), "");
            assertFalse(message.contains(APP_SECRET), () -> "the AppSecret in an exception message: " + message);
            assertFalse(message.contains(ACCESS_TOKEN), () -> "the access token in an exception message: " + message);
            assertFalse(message.contains(CODE), () -> "the login code in an exception message: " + message);
        }
    }

    private static Object call(int call, WeChatHttp http, AccessTokenCache tokens) throws WeChatApiException {
        switch (call) {
            case 0 -> {
                OAuthAccessToken token = new WebOAuthApi(http, APP).exchangeCode(CODE);
                assertPresent(token.accessToken());
                assertPresent(token.openid());
                return token;
            }
            case 1 -> {
                SnsUserInfo info = new WebOAuthApi(http, APP).userInfo(
                        new OAuthAccessToken("user-token", 7200, null, "oOpenid", "snsapi_userinfo", null), null);
                return info;
            }
            case 2 -> {
                QrCode qr = new WeChatMpApi(http, tokens, APP).createQrCode("scene-0001", QrCodeType.TEMPORARY, 300);
                assertPresent(qr.ticket());
                assertPresent(qr.url());
                assertTrue(qr.expireSeconds() == null || qr.expireSeconds() > 0);
                return qr;
            }
            case 3 -> {
                return new WeChatMpApi(http, tokens, APP).getUserInfo("oOpenid");
            }
            case 4 -> {
                MiniProgramApi.MiniProgramLogin login = new MiniProgramApi(http, tokens, APP).codeToSession(CODE);
                assertPresent(login.openid());
                return login;
            }
            case 5 -> {
                MiniProgramApi.VerifiedPhone phone = new MiniProgramApi(http, tokens, APP).phoneNumber(CODE);
                assertPresent(phone.purePhoneNumber());
                return phone;
            }
            case 6 -> {
                return new WeComApi(http, tokens, CORP).userOfCode(CODE);
            }
            case 7 -> {
                return new WeComApi(http, tokens, CORP).detail("user-ticket");
            }
            case 8 -> {
                return String.valueOf(new WeComApi(http, tokens, CORP).name("zhangsan"));
            }
            case 9 -> {
                String token = tokens.get(http, APP);
                assertPresent(token);
                return token;
            }
            default -> {
                String token = tokens.get(http, CORP);
                assertPresent(token);
                return token;
            }
        }
    }

    private static String errmsgOf(byte[] body) {
        try {
            JsonNode answer = JSON.readTree(body);
            String errmsg = answer == null ? "" : answer.path("errmsg").asText("");
            return errmsg.isEmpty() ? "\u0000no errmsg\u0000" : errmsg;
        } catch (java.io.IOException e) {
            return "\u0000no errmsg\u0000";
        }
    }

    private static void assertPresent(String value) {
        assertNotNull(value, "a required field is missing from a successful result");
        assertNotEquals("", value, "a required field is empty in a successful result");
    }

    /**
     * Keycloak's Apache client, minus the network: the token endpoints answer a valid token (unless the token answer is
     * what is fuzzed), every other endpoint answers the fuzzer's body.
     */
    private static final class FakeHttpClient extends CloseableHttpClient {

        private final byte[] body;
        private final boolean fuzzTokenEndpoint;

        FakeHttpClient(byte[] body, boolean fuzzTokenEndpoint) {
            this.body = body;
            this.fuzzTokenEndpoint = fuzzTokenEndpoint;
        }

        @Override
        protected CloseableHttpResponse doExecute(HttpHost target, HttpRequest request, HttpContext context) {
            String path = request.getRequestLine().getUri();
            boolean tokenEndpoint = path.contains("/cgi-bin/stable_token") || path.contains("/cgi-bin/gettoken");
            Answer answer = new Answer();
            answer.setEntity(new ByteArrayEntity(tokenEndpoint && !fuzzTokenEndpoint ? TOKEN_ANSWER : body));
            return answer;
        }

        @Override
        public void close() {
        }

        @Override
        @Deprecated
        public HttpParams getParams() {
            throw new UnsupportedOperationException();
        }

        @Override
        @Deprecated
        public ClientConnectionManager getConnectionManager() {
            throw new UnsupportedOperationException();
        }
    }

    private static final class Answer extends BasicHttpResponse implements CloseableHttpResponse {

        Answer() {
            super(HttpVersion.HTTP_1_1, 200, "OK");
        }

        @Override
        public void close() {
        }
    }
}
