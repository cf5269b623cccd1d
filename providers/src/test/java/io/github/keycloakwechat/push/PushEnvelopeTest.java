package io.github.keycloakwechat.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;

import io.github.keycloakwechat.broker.ProviderMisconfiguredException;
import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatCryptoException;
import io.github.keycloakwechat.crypto.WeChatSignature;
import io.github.keycloakwechat.message.MalformedPushException;
import io.github.keycloakwechat.message.PushMessage;
import io.github.keycloakwechat.message.PushXmlParser;
import io.github.keycloakwechat.push.PushReceivingFactory.PushEndpoint;
import io.github.keycloakwechat.testing.InMemorySingleUseObjects;
import io.github.keycloakwechat.testing.MinimalJaxRs;
import io.github.keycloakwechat.testing.MutableClock;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What WeChat and the person who scanned notice of {@link PushEnvelope}: the answer to each push (status and body),
 * whether the handler acted on it, and whether a later genuine push still counts as a first delivery. Pushes are
 * built the way WeChat builds them ({@link PushBuilder}) and then spoiled one way at a time.
 */
class PushEnvelopeTest {

    private static final String TOKEN = "pushToken2026";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final String APP_ID = "wx1a2b3c4d5e6f7a8b";
    private static final String OTHER_APP_ID = "wx0000000000000000";
    private static final String ACCOUNT = "gh_0123456789ab";
    private static final String OPENID = "oUser-openid-0001";
    private static final String SCENE = "scene-0001";
    private static final String NONCE = "1357924680";
    private static final String REPLY_TEXT = "扫码成功，请回到网页继续 <&> ]]>";
    /** SHA-1 of nothing: well-formed, but no push's signature. */
    private static final String WRONG_SIGNATURE = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
    private static final PushTarget TARGET = new PushTarget("realm-1", "realm-one", "wechat-mp");

    private final MutableClock clock = new MutableClock(START);
    private final PushDeliveryLog deliveries = new PushDeliveryLog(new InMemorySingleUseObjects(clock));
    private final RecordingTransaction transaction = new RecordingTransaction();
    private final RecordingHandler handler = new RecordingHandler();

    @BeforeAll
    static void installJaxRsRuntime() {
        MinimalJaxRs.install();
    }

    @AfterAll
    static void removeJaxRsRuntime() {
        MinimalJaxRs.uninstall();
    }

    @Nested
    class GenuinePushes {

        @ParameterizedTest
        @EnumSource(MessageMode.class)
        void reachTheHandlerOnceAndItsTextIsThePassiveReply(MessageMode mode) {
            handler.reply = PushReply.text(REPLY_TEXT);
            Push push = push(mode).build();

            Response response = send(mode, push);

            assertEquals(200, response.getStatus());
            assertTrue(MediaType.APPLICATION_XML_TYPE.isCompatible(response.getMediaType()));
            PushMessage received = handler.only();
            assertEquals(OPENID, received.fromUserName());
            assertEquals(ACCOUNT, received.toUserName());
            assertEquals(SCENE, received.sceneValue());
            Map<String, String> reply = mode.encrypted() ? openSealedReply(response, push) : parse(body(response));
            assertEquals(OPENID, reply.get("ToUserName"));
            assertEquals(ACCOUNT, reply.get("FromUserName"));
            assertEquals("text", reply.get("MsgType"));
            assertEquals(REPLY_TEXT, reply.get("Content"));
            assertEquals(Long.toString(START.getEpochSecond()), reply.get("CreateTime"));
        }

        @ParameterizedTest
        @EnumSource(MessageMode.class)
        void anAckAnswersSuccess(MessageMode mode) {
            handler.reply = PushReply.ack();

            assertAcknowledged(send(mode, push(mode).build()));
            handler.only();
        }

        @Test
        void inCompatibleModeOnlyTheEncryptedCopyIsBelieved() {
            Push push = push(MessageMode.COMPATIBLE).plainCopy(scanEvent("oAttacker", "scene-forged")).build();

            assertAcknowledged(send(MessageMode.COMPATIBLE, push));
            assertEquals(OPENID, handler.only().fromUserName());
            assertEquals(SCENE, handler.only().sceneValue());
        }

        @ParameterizedTest
        @ValueSource(longs = {-PushEnvelope.MAX_CLOCK_SKEW_SECONDS, PushEnvelope.MAX_CLOCK_SKEW_SECONDS})
        void areAcceptedAtTheEdgeOfTheClockSkewWindow(long skew) {
            String timestamp = Long.toString(START.getEpochSecond() + skew);

            assertAcknowledged(send(MessageMode.PLAIN, push(MessageMode.PLAIN).timestamp(timestamp).build()));
            handler.only();
        }

        @Test
        void aPlainProviderNeedsNoAesKey() {
            PushSecurity noAesKey = new FakeSecurity(MessageMode.PLAIN, TOKEN, null);

            assertAcknowledged(receive(noAesKey, push(MessageMode.PLAIN).build()));
            handler.only();
        }
    }

    @Nested
    class Refusals {

        @ParameterizedTest
        @EnumSource(MessageMode.class)
        void wrongSignature(MessageMode mode) {
            assertRefused(send(mode, push(mode).signature(WRONG_SIGNATURE).build()));
            assertLeftNoTrace(mode);
        }

        @ParameterizedTest
        @EnumSource(MessageMode.class)
        void staleTimestamp(MessageMode mode) {
            Push push = push(mode).build();
            clock.advance(Duration.ofSeconds(PushEnvelope.MAX_CLOCK_SKEW_SECONDS + 1));

            assertRefused(send(mode, push));
            clock.advance(Duration.ofSeconds(-PushEnvelope.MAX_CLOCK_SKEW_SECONDS - 1));
            assertLeftNoTrace(mode, push);
        }

        @ParameterizedTest
        @EnumSource(MessageMode.class)
        void futureTimestamp(MessageMode mode) {
            long future = START.getEpochSecond() + PushEnvelope.MAX_CLOCK_SKEW_SECONDS + 1;
            Push push = push(mode).timestamp(Long.toString(future)).build();

            assertRefused(send(mode, push));
            clock.advance(Duration.ofSeconds(PushEnvelope.MAX_CLOCK_SKEW_SECONDS + 1));
            assertLeftNoTrace(mode, push);
        }

        @Test
        void nonNumericTimestamp() {
            assertRefused(send(MessageMode.PLAIN, push(MessageMode.PLAIN).timestamp("soon").build()));
            assertLeftNoTrace(MessageMode.PLAIN);
        }

        @ParameterizedTest
        @EnumSource(value = MessageMode.class, names = {"COMPATIBLE", "SAFE"})
        void wrongAppIdInsideTheCiphertext(MessageMode mode) {
            assertRefused(send(mode, push(mode).sealedFor(OTHER_APP_ID).build()));
            assertLeftNoTrace(mode);
        }

        @ParameterizedTest
        @MethodSource("io.github.keycloakwechat.push.PushEnvelopeTest#brokenCiphertexts")
        void brokenCiphertextWithARightMsgSignature(UnaryOperator<String> spoil) {
            assertMalformed(send(MessageMode.SAFE, push(MessageMode.SAFE).spoilCiphertext(spoil).build()));
            assertLeftNoTrace(MessageMode.SAFE);
        }

        @ParameterizedTest
        @EnumSource(value = MessageMode.class, names = {"COMPATIBLE", "SAFE"})
        void wrongMsgSignature(MessageMode mode) {
            assertRefused(send(mode, push(mode).msgSignature(WRONG_SIGNATURE).build()));
            assertLeftNoTrace(mode);
        }

        @ParameterizedTest
        @EnumSource(value = MessageMode.class, names = {"COMPATIBLE", "SAFE"})
        void plaintextPushToAnEncryptingProvider(MessageMode mode) {
            assertRefused(send(mode, push(MessageMode.PLAIN).build()));
            assertLeftNoTrace(mode);
        }

        @Test
        void encryptedPushWithoutEncrypt() {
            assertMalformed(send(MessageMode.SAFE, push(MessageMode.SAFE).body(scanEvent(OPENID, SCENE)).build()));
            assertLeftNoTrace(MessageMode.SAFE);
        }

        @ParameterizedTest
        @MethodSource("io.github.keycloakwechat.push.PushEnvelopeTest#malformedBodies")
        void malformedBody(String body) {
            assertMalformed(send(MessageMode.PLAIN, push(MessageMode.PLAIN).body(body).build()));
            assertLeftNoTrace(MessageMode.PLAIN);
        }

        @ParameterizedTest
        @MethodSource("io.github.keycloakwechat.push.PushEnvelopeTest#malformedBodies")
        void malformedMessageInsideTheCiphertext(String inner) {
            assertMalformed(send(MessageMode.SAFE, push(MessageMode.SAFE).inner(inner).build()));
            assertLeftNoTrace(MessageMode.SAFE);
        }
    }

    @Nested
    class Duplicates {

        @ParameterizedTest
        @EnumSource(MessageMode.class)
        void theSamePushTwiceIsActedOnOnce(MessageMode mode) {
            handler.reply = PushReply.text(REPLY_TEXT);
            Push push = push(mode).build();

            assertEquals(200, send(mode, push).getStatus());
            assertAcknowledged(send(mode, push));
            handler.only();
        }

        @ParameterizedTest
        @EnumSource(MessageMode.class)
        void wechatsRetryWithANewNonceIsActedOnOnce(MessageMode mode) {
            assertAcknowledged(send(mode, push(mode).build()));
            clock.advance(Duration.ofSeconds(5));

            assertAcknowledged(send(mode, push(mode).nonce("2468013579").build()));
            handler.only();
        }

        /** In plain mode only the query is signed: a captured query must not carry another body within the window. */
        @Test
        void aCapturedQueryCannotCarryAnotherMessage() {
            assertAcknowledged(send(MessageMode.PLAIN, push(MessageMode.PLAIN).build()));
            Push forged = push(MessageMode.PLAIN).inner(scanEvent("oAttacker", "scene-forged")).build();

            assertAcknowledged(send(MessageMode.PLAIN, forged));
            assertEquals(OPENID, handler.only().fromUserName());
        }

        @Test
        void anotherMessageWithANewNonceIsActedOn() {
            send(MessageMode.SAFE, push(MessageMode.SAFE).build());
            send(MessageMode.SAFE, push(MessageMode.SAFE).nonce("2468013579").inner(scanEvent(OPENID, "scene-0002")).build());

            assertEquals(2, handler.received.size());
        }
    }

    @Nested
    class Transactions {

        @Test
        void aRolledBackDeliveryIsProcessedAgain() {
            Push push = push(MessageMode.SAFE).build();
            send(MessageMode.SAFE, push);
            transaction.rollback();

            assertAcknowledged(send(MessageMode.SAFE, push));
            assertEquals(2, handler.received.size());
        }

        @Test
        void aCommittedDeliveryStaysADuplicate() {
            Push push = push(MessageMode.SAFE).build();
            send(MessageMode.SAFE, push);
            transaction.commit();

            assertAcknowledged(send(MessageMode.SAFE, push));
            handler.only();
        }

        @Test
        void theRollbackOfADuplicateDoesNotUndoTheFirstDelivery() {
            Push push = push(MessageMode.SAFE).build();
            send(MessageMode.SAFE, push);
            transaction.commit();
            send(MessageMode.SAFE, push);
            transaction.rollback();

            assertAcknowledged(send(MessageMode.SAFE, push));
            handler.only();
        }
    }

    @Nested
    class Misconfiguration {

        @Test
        void unresolvableTokenAnswers503AndTheRetryCountsOnceFixed() {
            Push push = push(MessageMode.PLAIN).build();

            assertMisconfigured(receive(new FakeSecurity(MessageMode.PLAIN, null, crypto(APP_ID)), push));
            assertLeftNoTrace(MessageMode.PLAIN, push);
        }

        @Test
        void unresolvableCryptoAnswers503AndTheRetryCountsOnceFixed() {
            Push push = push(MessageMode.SAFE).build();

            assertMisconfigured(receive(new FakeSecurity(MessageMode.SAFE, TOKEN, null), push));
            assertLeftNoTrace(MessageMode.SAFE, push);
        }
    }

    /** WeChat's published URL verification example (wechat-vectors.md V1a), for the token "AAAAA". */
    @Nested
    class UrlVerification {

        private static final String V1A_TIMESTAMP = "1714036504";
        private static final String V1A_NONCE = "1514711492";
        private static final String V1A_SIGNATURE = "f464b24fc39322e44b38aa78f5edd27bd1441696";
        private static final String V1A_ECHOSTR = "4375120948345356249";

        @Test
        void echoesEchostrWhenSignedWithTheToken() {
            Response response = verify(new FakeSecurity(MessageMode.PLAIN, "AAAAA", null), V1A_SIGNATURE);

            assertAnswer(response, 200, V1A_ECHOSTR);
        }

        @Test
        void refusesAWrongSignature() {
            assertRefused(verify(new FakeSecurity(MessageMode.PLAIN, TOKEN, null), V1A_SIGNATURE));
        }

        @Test
        void answers503WhenTheTokenCannotBeResolved() {
            assertMisconfigured(verify(new FakeSecurity(MessageMode.PLAIN, null, null), V1A_SIGNATURE));
        }

        private Response verify(PushSecurity security, String signature) {
            return envelope(security).verifyUrl(signature, V1A_TIMESTAMP, V1A_NONCE, V1A_ECHOSTR);
        }
    }

    // ---- spoilers -------------------------------------------------------------------------------------------------

    static Stream<Arguments> brokenCiphertexts() {
        return Stream.of(
                Arguments.of(named("bit flipped (length field)", (UnaryOperator<String>) PushEnvelopeTest::flipFirstByte)),
                Arguments.of(named("truncated", (UnaryOperator<String>) e -> e.substring(0, e.length() - 4))),
                Arguments.of(named("not base64", (UnaryOperator<String>) e -> "%%" + e)));
    }

    static Stream<Arguments> malformedBodies() {
        String fields = "<ToUserName><![CDATA[" + ACCOUNT + "]]></ToUserName><FromUserName>&who;</FromUserName>"
                + "<CreateTime>" + START.getEpochSecond() + "</CreateTime><MsgType>event</MsgType>"
                + "<Event>SCAN</Event><EventKey>" + SCENE + "</EventKey>";
        return Stream.of(
                Arguments.of(named("truncated XML", "<xml><ToUserName><![CDATA[" + ACCOUNT + "]]></ToUserName>")),
                Arguments.of(named("not XML", "hello")),
                Arguments.of(named("empty", "")),
                Arguments.of(named("no sender", "<xml><ToUserName>" + ACCOUNT + "</ToUserName><MsgType>event</MsgType></xml>")),
                Arguments.of(named("DOCTYPE with an internal entity",
                        "<!DOCTYPE xml [<!ENTITY who \"" + OPENID + "\">]><xml>" + fields + "</xml>")),
                Arguments.of(named("DOCTYPE with an external entity (XXE)",
                        "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY who SYSTEM \"file:///etc/hostname\">]><xml>"
                                + fields + "</xml>")));
    }

    /** Flips the top bit of the plaintext's length field (CBC: byte 0 of block 0 flips byte 0 of block 1). */
    private static String flipFirstByte(String encrypt) {
        byte[] raw = Base64.getDecoder().decode(encrypt);
        raw[0] ^= (byte) 0x80;
        return Base64.getEncoder().encodeToString(raw);
    }

    // ---- sending and asserting ------------------------------------------------------------------------------------

    private PushBuilder push(MessageMode shape) {
        return new PushBuilder(shape);
    }

    private Response send(MessageMode providerMode, Push push) {
        return receive(new FakeSecurity(providerMode, TOKEN, crypto(APP_ID)), push);
    }

    private Response receive(PushSecurity security, Push push) {
        return envelope(security).receive(push.query(), push.body());
    }

    private PushEnvelope envelope(PushSecurity security) {
        return new PushEnvelope(TARGET, new PushEndpoint(security, handler), deliveries, transaction, clock);
    }

    /** The refused push reached no handler and left no marker: the genuine push, same nonce and message, is first. */
    private void assertLeftNoTrace(MessageMode mode) {
        assertLeftNoTrace(mode, push(mode).build());
    }

    private void assertLeftNoTrace(MessageMode mode, Push genuine) {
        assertEquals(List.of(), handler.received, "the refused push reached the handler");
        assertAcknowledged(send(mode, genuine));
        assertEquals(1, handler.received.size(), "the genuine push after the refused one was taken for a duplicate");
    }

    private static void assertAcknowledged(Response response) {
        assertAnswer(response, 200, "success");
    }

    private static void assertRefused(Response response) {
        assertAnswer(response, 403, "refused");
    }

    private static void assertMalformed(Response response) {
        assertAnswer(response, 400, "malformed");
    }

    private static void assertMisconfigured(Response response) {
        assertAnswer(response, 503, "provider misconfigured");
    }

    private static void assertAnswer(Response response, int status, String body) {
        assertEquals(status, response.getStatus(), () -> "answered " + response.getEntity());
        assertEquals(body, response.getEntity());
    }

    /** The encrypted reply's four fields, opened the way WeChat opens them; returns the inner reply's fields. */
    private static Map<String, String> openSealedReply(Response response, Push push) {
        String body = body(response);
        assertFalse(body.contains(OPENID) || body.contains("扫码成功"), "the reply leaks in cleartext: " + body);
        Map<String, String> sealed = parse(body);
        assertEquals(Set.of("Encrypt", "MsgSignature", "TimeStamp", "Nonce"), sealed.keySet());
        assertEquals(push.query().nonce(), sealed.get("Nonce"));
        try {
            return parse(crypto(APP_ID).decrypt(sealed.get("MsgSignature"), sealed.get("TimeStamp"), sealed.get("Nonce"),
                    sealed.get("Encrypt")));
        } catch (WeChatCryptoException e) {
            throw new AssertionError("the reply does not open with the provider's key (" + e.code() + ")", e);
        }
    }

    private static String body(Response response) {
        return (String) response.getEntity();
    }

    private static Map<String, String> parse(String xml) {
        try {
            return new PushXmlParser().parse(xml.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedPushException e) {
            throw new AssertionError("not WeChat XML: " + xml, e);
        }
    }

    private static MessageCrypto crypto(String appId) {
        try {
            return new MessageCrypto(TOKEN, AES_KEY, appId);
        } catch (WeChatCryptoException e) {
            throw new AssertionError(e);
        }
    }

    private static String scanEvent(String openid, String scene) {
        return "<xml><ToUserName><![CDATA[" + ACCOUNT + "]]></ToUserName>"
                + "<FromUserName><![CDATA[" + openid + "]]></FromUserName>"
                + "<CreateTime>" + START.getEpochSecond() + "</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[SCAN]]></Event>"
                + "<EventKey><![CDATA[" + scene + "]]></EventKey>"
                + "<Ticket><![CDATA[ticket-" + scene + "]]></Ticket></xml>";
    }

    // ---- fakes ----------------------------------------------------------------------------------------------------

    private record Push(PushQuery query, byte[] body) {
    }

    /**
     * A push as WeChat sends it to a provider in {@code shape} mode: signed with the token, the message sealed for
     * the AppID when the mode encrypts (compatible mode also carries a plaintext copy), at the clock's time unless
     * told otherwise. Each setter spoils one thing; the rest stays genuine.
     */
    private final class PushBuilder {

        private final MessageMode shape;
        private String inner = scanEvent(OPENID, SCENE);
        private String plainCopy;
        private String timestamp;
        private String nonce = NONCE;
        private String sealedFor = APP_ID;
        private UnaryOperator<String> spoilCiphertext = UnaryOperator.identity();
        private String signature;
        private String msgSignature;
        private String body;

        PushBuilder(MessageMode shape) {
            this.shape = shape;
        }

        PushBuilder inner(String xml) {
            this.inner = xml;
            return this;
        }

        /** Compatible mode: the plaintext fields next to {@code <Encrypt>} (by default the sealed message's). */
        PushBuilder plainCopy(String xml) {
            this.plainCopy = xml;
            return this;
        }

        PushBuilder timestamp(String timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        PushBuilder nonce(String nonce) {
            this.nonce = nonce;
            return this;
        }

        PushBuilder sealedFor(String appId) {
            this.sealedFor = appId;
            return this;
        }

        /** Spoils the ciphertext before msg_signature is computed, so the signature is right for what is sent. */
        PushBuilder spoilCiphertext(UnaryOperator<String> spoil) {
            this.spoilCiphertext = spoil;
            return this;
        }

        PushBuilder signature(String signature) {
            this.signature = signature;
            return this;
        }

        PushBuilder msgSignature(String msgSignature) {
            this.msgSignature = msgSignature;
            return this;
        }

        /** Replaces the whole body; the query stays as it would be. */
        PushBuilder body(String body) {
            this.body = body;
            return this;
        }

        Push build() {
            String ts = timestamp != null ? timestamp : Long.toString(clock.instant().getEpochSecond());
            String sig = signature != null ? signature : WeChatSignature.sign(TOKEN, ts, nonce);
            if (!shape.encrypted()) {
                return new Push(new PushQuery(sig, ts, nonce, null, null), utf8(body != null ? body : inner));
            }
            String encrypt = spoilCiphertext.apply(seal(ts));
            String msgSig = msgSignature != null ? msgSignature : WeChatSignature.sign(TOKEN, ts, nonce, encrypt);
            String element = "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt>";
            String envelope = shape == MessageMode.COMPATIBLE
                    ? (plainCopy != null ? plainCopy : inner).replace("</xml>", element + "</xml>")
                    : "<xml><ToUserName><![CDATA[" + ACCOUNT + "]]></ToUserName>" + element + "</xml>";
            return new Push(new PushQuery(sig, ts, nonce, "aes", msgSig), utf8(body != null ? body : envelope));
        }

        private String seal(String ts) {
            try {
                return crypto(sealedFor).encrypt(inner, ts, nonce).encrypt();
            } catch (WeChatCryptoException e) {
                throw new AssertionError(e);
            }
        }

        private static byte[] utf8(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A provider's push settings; a null token or crypto is one the vault cannot resolve. */
    private record FakeSecurity(MessageMode mode, String resolvedToken, MessageCrypto resolvedCrypto)
            implements PushSecurity {

        @Override
        public String token() {
            return resolved(resolvedToken, "Token");
        }

        @Override
        public MessageCrypto crypto() {
            return resolved(resolvedCrypto, "EncodingAESKey");
        }

        private static <T> T resolved(T value, String setting) {
            if (value == null) {
                throw new ProviderMisconfiguredException(setting + ": the vault has no such secret");
            }
            return value;
        }
    }

    private static final class RecordingHandler implements PushHandler {

        final List<PushMessage> received = new ArrayList<>();
        PushReply reply = PushReply.ack();

        @Override
        public PushReply handle(PushMessage message, PushTransaction transaction) {
            received.add(message);
            return reply;
        }

        /** The one message handled; fails unless the handler was called exactly once. */
        PushMessage only() {
            assertEquals(1, received.size(), "handler calls");
            return received.get(0);
        }
    }

    /** The request's transaction: the test ends it, running what the envelope and handler enlisted. */
    private static final class RecordingTransaction implements PushTransaction {

        private final List<Runnable> onCommit = new ArrayList<>();
        private final List<Runnable> onRollback = new ArrayList<>();

        @Override
        public void afterCompletion(Runnable commit, Runnable rollback) {
            onCommit.add(commit);
            onRollback.add(rollback);
        }

        void commit() {
            end(onCommit);
        }

        void rollback() {
            end(onRollback);
        }

        private void end(List<Runnable> work) {
            List<Runnable> run = List.copyOf(work);
            onCommit.clear();
            onRollback.clear();
            run.forEach(Runnable::run);
        }
    }
}
