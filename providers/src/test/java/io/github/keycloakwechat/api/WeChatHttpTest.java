package io.github.keycloakwechat.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakwechat.api.StubWeChat.Response;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeChatHttpTest {

    private StubWeChat stub;
    private WeChatHttp http;

    @BeforeEach
    void start() throws Exception {
        stub = new StubWeChat();
        http = StubWeChat.http(Duration.ofMillis(300));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void returnsParsedJsonAndDecodesUtf8() throws Exception {
        stub.on("/ok", Response.json("{\"errcode\":0,\"errmsg\":\"ok\",\"city\":\"深圳\"}"));
        JsonNode node = http.getJson(stub.baseUrl() + "/ok");
        assertEquals("深圳", node.path("city").asText());
    }

    @Test
    void postsUtf8Json() throws Exception {
        stub.on("/post", Response.json("{}"));
        http.postJson(stub.baseUrl() + "/post", Map.of("name", "微信"));
        StubWeChat.Request request = stub.requests("/post").get(0);
        assertEquals("POST", request.method());
        assertEquals("{\"name\":\"微信\"}", request.body());
    }

    @Test
    void errcodeInA200BodyBecomesATypedExceptionKeepingErrmsg() {
        String errmsg = "invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: 65f0-1234";
        stub.on("/err", Response.json("{\"errcode\":40164,\"errmsg\":\"" + errmsg + "\"}"));
        WeChatApiException e = assertThrows(WeChatConfigurationException.class,
                () -> http.getJson(stub.baseUrl() + "/err"));
        assertEquals(40164, e.errcode());
        assertEquals(errmsg, e.errmsg());
    }

    @Test
    void systemBusyIsUnavailable() {
        stub.on("/busy", Response.json("{\"errcode\":-1,\"errmsg\":\"system error\"}"));
        WeChatApiException e = assertThrows(WeChatUnavailableException.class,
                () -> http.getJson(stub.baseUrl() + "/busy"));
    }

    @Test
    void http500IsUnavailable() {
        stub.on("/boom", Response.status(500, "<html>error</html>"));
        WeChatUnavailableException e = assertThrows(WeChatUnavailableException.class,
                () -> http.getJson(stub.baseUrl() + "/boom"));
        assertTrue(e.getMessage().contains("answered HTTP 500"), e.getMessage());
    }

    @Test
    void malformedJsonIsUnavailable() {
        stub.on("/html", Response.json("<html>gateway</html>"));
        assertThrows(WeChatUnavailableException.class, () -> http.getJson(stub.baseUrl() + "/html"));
        stub.on("/array", Response.json("[1,2]"));
        assertThrows(WeChatUnavailableException.class, () -> http.getJson(stub.baseUrl() + "/array"));
    }

    @Test
    void slowServerTimesOutWithinTheDeadline() {
        stub.on("/slow", Response.json("{}").delayed(3_000));
        long start = System.nanoTime();
        WeChatUnavailableException e = assertThrows(WeChatUnavailableException.class,
                () -> http.getJson(stub.baseUrl() + "/slow"));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis < 1_500, "took " + elapsedMillis + " ms");
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    }

    @Test
    void tricklingBodyAlsoHitsTheDeadline() {
        stub.on("/trickle", Response.json("{\"errcode\":0}").trickled(3_000));
        long start = System.nanoTime();
        assertThrows(WeChatUnavailableException.class, () -> http.getJson(stub.baseUrl() + "/trickle"));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis < 1_500, "took " + elapsedMillis + " ms");
    }

    @Test
    void connectionRefusedIsUnavailable() throws Exception {
        String deadUrl = stub.baseUrl() + "/gone";
        stub.close();
        assertThrows(WeChatUnavailableException.class, () -> http.getJson(deadUrl));
    }

    @Test
    void exceptionMessagesNameThePathButNoQueryValues() {
        String url = stub.baseUrl() + "/sns/oauth2/access_token?appid=wx1&secret=SEKRIT-123&code=CODE-456";
        stub.on("/sns/oauth2/access_token", Response.json("{\"errcode\":40163,\"errmsg\":\"code been used\"}"));
        WeChatApiException used = assertThrows(InvalidOAuthCodeException.class, () -> http.getJson(url));
        stub.on("/sns/oauth2/access_token", Response.status(502, "bad gateway"));
        WeChatApiException down = assertThrows(WeChatUnavailableException.class, () -> http.getJson(url));
        stub.on("/sns/oauth2/access_token", Response.json("{}").delayed(2_000));
        WeChatApiException slow = assertThrows(WeChatUnavailableException.class, () -> http.getJson(url));
        for (WeChatApiException e : new WeChatApiException[] {used, down, slow}) {
            assertFalse(e.getMessage().contains("SEKRIT") || e.getMessage().contains("CODE-456"), e.getMessage());
        }
        assertTrue(down.getMessage().contains("/sns/oauth2/access_token"), down.getMessage());
    }

    @Test
    void anAnswerIsReadOnlyUpToTheBound() throws Exception {
        stub.on("/fits", new Response(200, "application/json", jsonOfSize(WeChatHttp.MAX_ANSWER_BYTES), 0));
        assertTrue(http.getJson(stub.baseUrl() + "/fits").isObject());
        stub.on("/huge", new Response(200, "application/json", jsonOfSize(WeChatHttp.MAX_ANSWER_BYTES + 1), 0));
        WeChatUnavailableException e = assertThrows(WeChatUnavailableException.class,
                () -> http.getJson(stub.baseUrl() + "/huge"));
        assertTrue(e.getMessage().contains("more than " + WeChatHttp.MAX_ANSWER_BYTES + " bytes"), e.getMessage());
    }

    /** A valid JSON object of exactly {@code size} bytes. */
    private static byte[] jsonOfSize(int size) {
        byte[] json = new byte[size];
        Arrays.fill(json, (byte) ' ');
        json[0] = '{';
        json[size - 1] = '}';
        return json;
    }

    @Test
    void malformedUrlDoesNotEchoTheUrl() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> http.getJson(stub.baseUrl() + "/x?secret=SEKRIT 123"));
        assertFalse(e.getMessage().contains("SEKRIT"), e.getMessage());
        assertEquals(null, e.getCause());
    }

    @Test
    void rejectsNonPositiveTimeout() {
        assertThrows(IllegalArgumentException.class, () -> StubWeChat.http(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> StubWeChat.http(Duration.ofMillis(-1)));
    }

    /** A login page must never hang on WeChat longer than 5 s, whatever an admin configures. */
    @Test
    void timeoutIsCappedAtFiveSeconds() {
        WeChatHttp patient = StubWeChat.http(Duration.ofSeconds(60));
        stub.on("/slow", Response.json("{}").delayed(8_000));
        long start = System.nanoTime();
        assertThrows(WeChatUnavailableException.class, () -> patient.getJson(stub.baseUrl() + "/slow"));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis >= 4_500 && elapsedMillis < 6_500, "took " + elapsedMillis + " ms");
    }
}
