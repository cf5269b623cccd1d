package io.github.keycloakwechat.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatCryptoException;
import io.github.keycloakwechat.crypto.WeChatSignature;
import io.github.keycloakwechat.message.MalformedPushException;
import io.github.keycloakwechat.message.PushMessage;
import io.github.keycloakwechat.message.PushXmlParser;
import io.github.keycloakwechat.push.MessageMode;
import io.github.keycloakwechat.push.PushDeliveryLog;
import io.github.keycloakwechat.push.PushEnvelope;
import io.github.keycloakwechat.push.PushHandler;
import io.github.keycloakwechat.push.PushQuery;
import io.github.keycloakwechat.push.PushReceivingFactory.PushEndpoint;
import io.github.keycloakwechat.push.PushReply;
import io.github.keycloakwechat.push.PushSecurity;
import io.github.keycloakwechat.push.PushTarget;
import io.github.keycloakwechat.push.PushTransaction;
import io.github.keycloakwechat.testing.InMemorySingleUseObjects;
import io.github.keycloakwechat.testing.MinimalJaxRs;
import io.github.keycloakwechat.testing.MutableClock;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * A whole push through {@link PushEnvelope#receive}: signature, freshness, decryption, parsing, de-duplication,
 * handler and reply. The contract: whatever arrives, the answer is 200, 400, 403 (or 413, which the resource gives
 * for oversized bodies) and never an exception (a 500); the handler sees only pushes that are signed with the token,
 * fresh, with a nonce and, for an encrypting provider, sealed with the provider's key for its AppID; a second
 * delivery of the same push is acknowledged without effect; a 200 with a reply is a well-formed (and, when the push
 * was encrypted, encrypted) WeChat reply.
 *
 * <p>The fuzzer cannot compute SHA-1 signatures or AES, so the first two input bytes are switches that tell the test
 * how to build the push around the rest (the payload), the way WeChat would or spoiled in one respect:
 * <pre>
 * byte 0: bits 0-1 provider mode (0, 3 plain; 1 compatible; 2 safe)   bit 2 encrypt_type=aes
 *         bit 3 wrong signature   bit 4 wrong msg_signature   bit 5 stale timestamp
 *         bit 6 seal the payload as the inner message (else the payload is the body)
 *         bit 7 the handler answers with a text (else it acknowledges)
 * byte 1: bit 0 no nonce   bit 1 no timestamp   bit 2 no signature   bit 3 sealed for another AppID
 *         bit 4 deliver twice   bit 5 compatible-mode body (the payload plus {@code <Encrypt>})
 * </pre>
 */
class PushEnvelopeFuzzTest {

    private static final Instant NOW = Instant.ofEpochSecond(Long.parseLong(WeChatVectors.TIMESTAMP));
    /** PushEnvelope's window (package-private there): five minutes either way. */
    private static final long MAX_CLOCK_SKEW_SECONDS = 300;
    private static final String ACCOUNT = "gh_97417a04a28d";
    private static final String WRONG_SIGNATURE = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    private static final String DEFAULT_REPLY = "扫码成功 <&> ]]>";
    private static final PushTarget TARGET = new PushTarget("realm-1", "realm-one", "wechat-mp");
    private static final MessageCrypto CRYPTO = WeChatVectors.crypto();
    private static final MessageCrypto OTHER_APP = WeChatVectors.crypto("wx0000000000000000");
    private static final PushXmlParser PARSER = new PushXmlParser(PushEnvelope.MAX_BODY_BYTES);
    private static final Set<Integer> ANSWERS = Set.of(200, 400, 403, 413);

    @BeforeAll
    static void installJaxRsRuntime() {
        MinimalJaxRs.install();
        FuzzSupport.quietLogs();
    }

    @AfterAll
    static void removeJaxRsRuntime() {
        MinimalJaxRs.uninstall();
        FuzzSupport.restoreLogs();
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    @DictionaryEntries({"<xml>", "</xml>", "<![CDATA[", "]]>", "<ToUserName>", "</ToUserName>", "<FromUserName>",
            "</FromUserName>", "<CreateTime>", "</CreateTime>", "<MsgType>", "</MsgType>", "<Event>", "</Event>",
            "<EventKey>", "</EventKey>", "<Ticket>", "</Ticket>", "<MsgId>", "</MsgId>", "<Encrypt>", "</Encrypt>",
            "event", "subscribe", "SCAN", "qrscene_", "text"})
    void receive(byte[] data) throws Exception {
        Push push = Push.of(data);
        MutableClock clock = new MutableClock(NOW);
        PushDeliveryLog deliveries = new PushDeliveryLog(new InMemorySingleUseObjects(clock));
        RecordingHandler handler = new RecordingHandler(push.replyText);
        PushEnvelope envelope = new PushEnvelope(TARGET, new PushEndpoint(new Security(push.mode), handler), deliveries,
                (onCommit, onRollback) -> { }, clock);

        Response first = envelope.receive(push.query, push.body);

        assertTrue(ANSWERS.contains(first.getStatus()), () -> "answered " + first.getStatus());
        assertEquals(first.getStatus() == 200, !handler.received.isEmpty(),
                "a first delivery is answered 200 exactly when the handler saw it");
        if (!handler.received.isEmpty()) {
            assertEquals(1, handler.received.size());
            assertGenuine(push, handler.received.get(0));
            assertWellFormedReply(push, first);
        }
        if (push.twice) {
            Response second = envelope.receive(push.query, push.body);
            assertTrue(handler.received.size() <= 1, "a second delivery reached the handler");
            if (first.getStatus() == 200) {
                assertEquals(200, second.getStatus());
                assertEquals("success", second.getEntity(), "a duplicate was answered with a reply");
            } else {
                assertEquals(first.getStatus(), second.getStatus());
            }
        }
    }

    /** The handler saw a push: it must be one that only the holder of the token (and key) could have sent. */
    private static void assertGenuine(Push push, PushMessage message) {
        assertTrue(push.signatureValid, "the handler saw a push with a wrong or missing signature or nonce");
        assertTrue(push.timestampFresh, "the handler saw a stale push");
        assertFalse(message.toUserName() == null || message.toUserName().isEmpty());
        if (push.mode.encrypted()) {
            assertTrue(push.query.encrypted(), "an encrypting provider handled a plaintext push");
            assertTrue(push.msgSignatureValid, "the handler saw a push with a wrong msg_signature");
            String encrypt = encryptOf(push.body);
            try {
                CRYPTO.decryptUnverified(encrypt);
            } catch (WeChatCryptoException e) {
                throw new AssertionError("the handler saw a push not sealed for the provider's AppID", e);
            }
        }
    }

    private static void assertWellFormedReply(Push push, Response response) throws Exception {
        assertEquals(200, response.getStatus());
        String body = (String) response.getEntity();
        if (push.replyText == null) {
            assertEquals("success", body);
            return;
        }
        Map<String, String> reply = PARSER.parse(body.getBytes(StandardCharsets.UTF_8));
        if (push.query.encrypted()) {
            assertEquals(Set.of("Encrypt", "MsgSignature", "TimeStamp", "Nonce"), reply.keySet(), body);
            reply = PARSER.parse(CRYPTO.decrypt(reply.get("MsgSignature"), reply.get("TimeStamp"),
                    reply.get("Nonce"), reply.get("Encrypt")).getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("text", reply.get("MsgType"));
    }

    private static String encryptOf(byte[] body) {
        try {
            return PARSER.parse(body).getOrDefault("Encrypt", "");
        } catch (MalformedPushException e) {
            return "";
        }
    }

    /** The push the switches describe, with the signatures a sender holding the token computes. */
    private static final class Push {

        MessageMode mode;
        PushQuery query;
        byte[] body;
        String replyText;
        boolean twice;
        boolean signatureValid;
        boolean timestampFresh;
        boolean msgSignatureValid;

        static Push of(byte[] data) {
            int a = data.length > 0 ? data[0] & 0xff : 0;
            int b = data.length > 1 ? data[1] & 0xff : 0;
            byte[] payload = data.length > 2 ? Arrays.copyOfRange(data, 2, data.length) : new byte[0];
            Push push = new Push();
            push.mode = switch (a & 3) {
                case 1 -> MessageMode.COMPATIBLE;
                case 2 -> MessageMode.SAFE;
                default -> MessageMode.PLAIN;
            };
            String encryptType = (a & 4) != 0 ? "aes" : null;
            boolean wrongSignature = (a & 8) != 0;
            boolean wrongMsgSignature = (a & 16) != 0;
            boolean stale = (a & 32) != 0;
            boolean seal = (a & 64) != 0;
            boolean reply = (a & 128) != 0;
            String nonce = (b & 1) != 0 ? null : WeChatVectors.NONCE;
            String timestamp = (b & 2) != 0 ? null
                    : Long.toString(NOW.getEpochSecond() + (stale ? MAX_CLOCK_SKEW_SECONDS + 1 : 0));
            boolean noSignature = (b & 4) != 0;
            boolean otherAppId = (b & 8) != 0;
            push.twice = (b & 16) != 0;
            boolean compatibleBody = (b & 32) != 0;

            if (seal) {
                String inner = FuzzSupport.utf8(payload);
                String encrypt = seal(otherAppId ? OTHER_APP : CRYPTO, inner, timestamp, nonce);
                String element = "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt>";
                String envelope = compatibleBody ? inner.replace("</xml>", element + "</xml>")
                        : "<xml><ToUserName><![CDATA[" + ACCOUNT + "]]></ToUserName>" + element + "</xml>";
                push.body = envelope.getBytes(StandardCharsets.UTF_8);
            } else {
                push.body = payload;
            }
            String signature = noSignature ? null
                    : wrongSignature ? WRONG_SIGNATURE : WeChatSignature.sign(WeChatVectors.TOKEN, timestamp, nonce);
            String msgSignature = wrongMsgSignature ? WRONG_SIGNATURE
                    : WeChatSignature.sign(WeChatVectors.TOKEN, timestamp, nonce, encryptOf(push.body));
            push.query = new PushQuery(signature, timestamp, nonce, encryptType, msgSignature);
            // WeChat always sends a nonce; without one a retry could not be told from a replay.
            push.signatureValid = !noSignature && !wrongSignature && nonce != null;
            push.timestampFresh = timestamp != null && !stale;
            push.msgSignatureValid = !wrongMsgSignature;
            push.replyText = reply ? "" : null; // the handler picks the text from the message it sees
            return push;
        }

        private static String seal(MessageCrypto crypto, String inner, String timestamp, String nonce) {
            try {
                return crypto.encrypt(inner, timestamp == null ? "" : timestamp, nonce == null ? "" : nonce)
                        .encrypt();
            } catch (WeChatCryptoException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** A provider's verified Token and key: the vectors' configuration in the given mode. */
    private record Security(MessageMode mode) implements PushSecurity {

        @Override
        public String token() {
            return WeChatVectors.TOKEN;
        }

        @Override
        public MessageCrypto crypto() {
            return CRYPTO;
        }
    }

    /** Answers every push it sees with a text taken from it (its EventKey), if told to answer at all. */
    private static final class RecordingHandler implements PushHandler {

        final List<PushMessage> received = new ArrayList<>();
        private final String replyText;

        RecordingHandler(String replyText) {
            this.replyText = replyText;
        }

        @Override
        public PushReply handle(PushMessage message, PushTransaction transaction) {
            received.add(message);
            if (replyText == null) {
                return PushReply.ack();
            }
            return PushReply.text(message.eventKey() != null ? message.eventKey() : DEFAULT_REPLY);
        }
    }
}
