package io.github.keycloakwechat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatSignature;
import io.github.keycloakwechat.message.PassiveReply;
import io.github.keycloakwechat.message.PushXmlParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PushTest extends SandboxTestSupport {

    private final PushXmlParser parser = new PushXmlParser();
    private StubReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new StubReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private JsonNode scan(String user, String ticket) throws Exception {
        return postJson("/sandbox/api/scan", "{\"user\":\"" + user + "\",\"ticket\":\"" + ticket + "\"}");
    }

    /** Checks signatures the way the extension must and returns the event fields. */
    private Map<String, String> verifiedEvent(StubReceiver.Received push, String mode) throws Exception {
        Map<String, String> q = push.query();
        assertEquals("POST", push.method());
        assertTrue(WeChatSignature.matches(q.get("signature"), TOKEN, q.get("timestamp"), q.get("nonce")), "signature");
        Map<String, String> body = parser.parse(push.body().getBytes(StandardCharsets.UTF_8));
        if ("plain".equals(mode)) {
            assertFalse(q.containsKey("encrypt_type"));
            assertFalse(q.containsKey("msg_signature"));
            assertFalse(body.containsKey("Encrypt"));
            return body;
        }
        assertEquals("aes", q.get("encrypt_type"));
        assertTrue(WeChatSignature.matches(q.get("msg_signature"), TOKEN, q.get("timestamp"), q.get("nonce"), body.get("Encrypt")),
                "msg_signature covers Encrypt");
        if ("safe".equals(mode)) {
            assertEquals(java.util.Set.of("ToUserName", "Encrypt"), body.keySet(), "safe mode carries nothing else");
        } else {
            assertTrue(body.containsKey("Event") && body.containsKey("Encrypt"), "compatible mode carries both");
        }
        String inner = new MessageCrypto(TOKEN, AES_KEY, APP_ID).decrypt(q.get("msg_signature"), q.get("timestamp"),
                q.get("nonce"), body.get("Encrypt"));
        Map<String, String> event = parser.parse(inner.getBytes(StandardCharsets.UTF_8));
        if ("compatible".equals(mode)) {
            assertEquals(event.get("Event"), body.get("Event"), "plaintext fields match the encrypted ones");
        }
        return event;
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "compatible", "safe"})
    void scanPushesSubscribeThenScanSignedAndEncryptedPerMode(String mode) throws Exception {
        configureApp("{\"messageMode\":\"" + mode + "\",\"callbackUrl\":\"" + receiver.url() + "\"}");
        String openid = sandbox.state().openidOf("alice", APP_ID);
        receiver.respond((n, r) -> {
            String reply = PassiveReply.text(openid, GH, 1714000000L, "登录成功 #" + n);
            if ("safe".equals(mode)) {
                reply = new MessageCrypto(TOKEN, AES_KEY, APP_ID).encrypt(reply, "1714000000", "123456").toXml();
            }
            return StubReceiver.Answer.ok(reply);
        });
        JsonNode qr = createQr(stableToken(), "login-xyz", 300);
        String ticket = qr.get("ticket").asText();

        JsonNode first = scan("alice", ticket);
        assertEquals("subscribe", first.get("event").asText());
        assertEquals(1, first.get("attempts").asInt());
        assertTrue(first.get("delivered").asBoolean());
        assertEquals(200, first.get("httpStatus").asInt());
        assertEquals("登录成功 #1", first.get("replyText").asText(), first.toString());
        assertEquals(openid, first.get("openid").asText());

        StubReceiver.Received push = receiver.last();
        assertEquals(openid, push.query().get("openid"));
        Map<String, String> event = verifiedEvent(push, mode);
        assertEquals(GH, event.get("ToUserName"));
        assertEquals(openid, event.get("FromUserName"));
        assertEquals("event", event.get("MsgType"));
        assertEquals("subscribe", event.get("Event"));
        assertEquals("qrscene_login-xyz", event.get("EventKey"));
        assertEquals(ticket, event.get("Ticket"));
        assertTrue(Math.abs(Long.parseLong(event.get("CreateTime")) - System.currentTimeMillis() / 1000) < 60);
        assertTrue(sandbox.state().follows("alice", APP_ID));

        JsonNode second = scan("alice", ticket);
        assertEquals("SCAN", second.get("event").asText());
        assertEquals("登录成功 #2", second.get("replyText").asText());
        Map<String, String> scanEvent = verifiedEvent(receiver.last(), mode);
        assertEquals("SCAN", scanEvent.get("Event"));
        assertEquals("login-xyz", scanEvent.get("EventKey"));
        assertEquals(ticket, scanEvent.get("Ticket"));
    }

    @Test
    void userInfoAfterAQrFollowReportsTheScene() throws Exception {
        configureApp("{\"callbackUrl\":\"" + receiver.url() + "\"}");
        String token = stableToken();
        JsonNode qr = postJson("/cgi-bin/qrcode/create?access_token=" + enc(token),
                "{\"expire_seconds\":300,\"action_name\":\"QR_SCENE\",\"action_info\":{\"scene\":{\"scene_id\":98765}}}");
        scan("bob", qr.get("ticket").asText());
        Map<String, String> event = verifiedEvent(receiver.last(), "safe");
        assertEquals("qrscene_98765", event.get("EventKey"));
        JsonNode info = getJson("/cgi-bin/user/info?access_token=" + enc(token) + "&openid=" + sandbox.state().openidOf("bob", APP_ID));
        assertEquals("ADD_SCENE_QR_CODE", info.get("subscribe_scene").asText());
        assertEquals(98765, info.get("qr_scene").asInt());
    }

    @Test
    void ackWithSuccessShowsNothing() throws Exception {
        configureApp("{\"callbackUrl\":\"" + receiver.url() + "\"}");
        JsonNode result = scan("carol", createQr(stableToken(), "s1", 300).get("ticket").asText());
        assertTrue(result.get("delivered").asBoolean());
        assertTrue(result.get("replyText").isNull(), result.toString());
    }

    @Test
    void unreadableRepliesShowWeChatsUnavailableLine() throws Exception {
        configureApp("{\"callbackUrl\":\"" + receiver.url() + "\"}");
        String openid = sandbox.state().openidOf("alice", APP_ID);
        // Safe mode needs an encrypted reply: plaintext XML is refused.
        receiver.respond((n, r) -> StubReceiver.Answer.ok(PassiveReply.text(openid, GH, 1L, "hi")));
        String token = stableToken();
        JsonNode plainInSafe = scan("alice", createQr(token, "s1", 300).get("ticket").asText());
        assertTrue(plainInSafe.get("delivered").asBoolean());
        assertEquals(PushResult.SERVICE_UNAVAILABLE, plainInSafe.get("replyText").asText());

        receiver.respond((n, r) -> StubReceiver.Answer.ok("{\"ok\":true}"));
        assertEquals(PushResult.SERVICE_UNAVAILABLE, scan("alice", createQr(token, "s2", 300).get("ticket").asText())
                .get("replyText").asText());

        // A reply signed with the wrong token fails verification.
        receiver.respond((n, r) -> StubReceiver.Answer.ok(new MessageCrypto("othertoken", AES_KEY, APP_ID)
                .encrypt(PassiveReply.text(openid, GH, 1L, "hi"), "1", "2").toXml()));
        assertEquals(PushResult.SERVICE_UNAVAILABLE, scan("alice", createQr(token, "s3", 300).get("ticket").asText())
                .get("replyText").asText());
    }

    @Test
    void retriesUntilTheThirdAttemptSucceeds() throws Exception {
        configureApp("{\"messageMode\":\"plain\",\"callbackUrl\":\"" + receiver.url() + "\"}");
        receiver.respond((n, r) -> n <= 2 ? new StubReceiver.Answer(500, "boom", 0) : StubReceiver.Answer.ok("success"));
        JsonNode result = scan("alice", createQr(stableToken(), "retry", 300).get("ticket").asText());
        assertEquals(3, result.get("attempts").asInt());
        assertTrue(result.get("delivered").asBoolean());
        assertEquals(3, receiver.received().size());
        assertEquals(receiver.received().get(0).body(), receiver.received().get(2).body(), "a retry resends the same message");
    }

    @Test
    void givesUpAfterThreeAttempts() throws Exception {
        configureApp("{\"callbackUrl\":\"" + receiver.url() + "\"}");
        receiver.respond((n, r) -> new StubReceiver.Answer(503, "", 0));
        JsonNode result = scan("alice", createQr(stableToken(), "down", 300).get("ticket").asText());
        assertEquals(3, result.get("attempts").asInt());
        assertFalse(result.get("delivered").asBoolean());
        assertEquals(503, result.get("httpStatus").asInt());
        assertEquals(PushResult.SERVICE_UNAVAILABLE, result.get("replyText").asText());
    }

    @Test
    void aSlowAnswerTimesOutAfterFiveSecondsAndIsRetried() throws Exception {
        configureApp("{\"callbackUrl\":\"" + receiver.url() + "\"}");
        receiver.respond((n, r) -> n == 1 ? new StubReceiver.Answer(200, "success", 6000) : StubReceiver.Answer.ok("success"));
        long start = System.nanoTime();
        JsonNode result = scan("alice", createQr(stableToken(), "slow", 300).get("ticket").asText());
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(2, result.get("attempts").asInt());
        assertTrue(result.get("delivered").asBoolean());
        assertTrue(tookMs >= 4900 && tookMs < 6000, "waited ~5 s, took " + tookMs);
    }

    @Test
    void unfollowSendsUnsubscribe() throws Exception {
        configureApp("{\"callbackUrl\":\"" + receiver.url() + "\"}");
        scan("alice", createQr(stableToken(), "s", 300).get("ticket").asText());
        JsonNode result = postJson("/sandbox/api/unfollow", "{\"user\":\"alice\",\"appId\":\"" + APP_ID + "\"}");
        assertEquals("unsubscribe", result.get("event").asText());
        Map<String, String> event = verifiedEvent(receiver.last(), "safe");
        assertEquals("unsubscribe", event.get("Event"));
        assertNull(event.get("Ticket"));
        assertFalse(sandbox.state().follows("alice", APP_ID));
        assertEquals(409, send("POST", "/sandbox/api/unfollow", "application/json",
                "{\"user\":\"alice\",\"appId\":\"" + APP_ID + "\"}").statusCode());
    }

    @Test
    void verifyCallbackSendsASignedGetAndChecksTheEcho() throws Exception {
        configureApp("{\"callbackUrl\":\"" + receiver.url() + "\"}");
        receiver.respond((n, r) -> WeChatSignature.matches(r.query().get("signature"), TOKEN, r.query().get("timestamp"),
                r.query().get("nonce")) ? StubReceiver.Answer.ok(r.query().get("echostr")) : new StubReceiver.Answer(403, "", 0));
        JsonNode ok = postJson("/sandbox/api/verify-callback", "{\"appId\":\"" + APP_ID + "\"}");
        assertTrue(ok.get("ok").asBoolean(), ok.toString());
        assertEquals("GET", receiver.last().method());

        receiver.respond((n, r) -> StubReceiver.Answer.ok("hello"));
        assertFalse(postJson("/sandbox/api/verify-callback", "{\"appId\":\"" + APP_ID + "\"}").get("ok").asBoolean());
    }
}
