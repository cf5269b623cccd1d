package io.github.keycloakwechat.bench.push;

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
import io.github.keycloakwechat.testing.MinimalJaxRs;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import me.chanjar.weixin.mp.config.WxMpConfigStorage;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import me.chanjar.weixin.mp.util.crypto.WxMpCryptUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One WeChat push, from the query parameters and the body bytes to the passive reply, handled by this project and by
 * WxJava (weixin-java-mp) on the same input: a follower's QR-code SCAN event, answered with the same text.
 *
 * <p><b>This project</b> ({@link #keycloakWechat}): {@link PushEnvelope#receive} itself, as
 * {@code WeChatResource} calls it for a body it has read: plain signature, freshness, StAX parse, in safe mode
 * msg_signature, AES decryption, AppID check and a second parse, the typed {@link PushMessage}, both de-duplication
 * keys (two SHA-256 hashes in {@link PushDeliveryLog}), the handler, the reply XML, in safe mode its encryption
 * (SecureRandom prefix) and signature, and the JAX-RS {@link Response}. Its collaborators are in-memory:
 * <ul>
 *   <li>{@link PushSecurity} as the providers' {@code WeChatProviderConfig.pushSecurity} builds it, minus the vault:
 *       a new {@link MessageCrypto} per push, exactly as in production;</li>
 *   <li>the single-use store behind the real {@link PushDeliveryLog} accepts every key
 *       ({@link AcceptingSingleUseObjects}), so every invocation is a first delivery; Keycloak's store (Infinispan) is
 *       not measured, and WxJava has no counterpart in this path;</li>
 *   <li>the handler returns a prepared text reply (the scan handler's work on Keycloak's sessions is not measured);</li>
 *   <li>the transaction ignores what is enlisted; the clock is fixed at the push's timestamp;</li>
 *   <li>{@link MinimalJaxRs} stands in for RESTEasy's response builder.</li>
 * </ul>
 *
 * <p><b>WxJava</b> ({@link #wxJava}): what its Spring Boot demo controller ({@code WxPortalController.post}) does
 * for a push, with a handler replying {@code WxMpXmlOutMessage.TEXT()}: the body as a String (what
 * {@code @RequestBody String} hands the controller), {@code WxMpService.checkSignature} (its body: {@code SHA1.gen}
 * of token, timestamp, nonce, compared with equals), then in plain mode {@code WxMpXmlMessage.fromXml} and
 * {@code toXml()}, in safe mode {@code WxMpXmlMessage.fromEncryptedXml} (msg_signature, DOM parse of the envelope,
 * AES decryption; WxJava does not check the AppID) and {@code toEncryptedXml}. No message router, no duplicate
 * checker (WxJava's is in the router).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PushHandlingBenchmark {

    @Param({"plain", "safe"})
    public String mode;

    private PushInputs push;
    private PushEnvelope envelope;
    private WxMpConfigStorage wxConfig;

    @Setup(Level.Trial)
    public void setUp() {
        MinimalJaxRs.install();
        push = PushInputs.of(mode);
        MessageMode messageMode = push.encrypted ? MessageMode.SAFE : MessageMode.PLAIN;
        PushEndpoint endpoint = new PushEndpoint(new InMemorySecurity(messageMode), new TextReplyHandler());
        envelope = new PushEnvelope(new PushTarget("realm-id", "bench", "wechat-mp"), endpoint,
                new PushDeliveryLog(new AcceptingSingleUseObjects()), new IgnoringTransaction(),
                Clock.fixed(Instant.ofEpochSecond(PushInputs.TIMESTAMP), ZoneOffset.UTC));

        WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
        config.setAppId(PushInputs.APP_ID);
        config.setToken(PushInputs.TOKEN);
        config.setAesKey(PushInputs.AES_KEY);
        wxConfig = config;

        SanityCheck.run(this);
    }

    @Benchmark
    public Response keycloakWechat() {
        return envelope.receive(new PushQuery(push.signature, push.timestamp, push.nonce, push.encryptType,
                push.msgSignature), push.body);
    }

    @Benchmark
    public String wxJava() {
        String requestBody = new String(push.body, StandardCharsets.UTF_8);
        if (!wxCheckSignature(push.timestamp, push.nonce, push.signature)) {
            throw new IllegalArgumentException("非法请求，可能属于伪造的请求！");
        }
        if (push.encryptType == null) {
            WxMpXmlMessage inMessage = WxMpXmlMessage.fromXml(requestBody);
            return wxTextReply(inMessage).toXml();
        }
        if ("aes".equalsIgnoreCase(push.encryptType)) {
            WxMpXmlMessage inMessage = WxMpXmlMessage.fromEncryptedXml(requestBody, wxConfig, push.timestamp,
                    push.nonce, push.msgSignature);
            return wxTextReply(inMessage).toEncryptedXml(wxConfig);
        }
        throw new IllegalArgumentException("不可识别的加密类型");
    }

    /** {@code BaseWxMpServiceImpl.checkSignature}, without constructing a WxMpService (which starts an HTTP client). */
    private boolean wxCheckSignature(String timestamp, String nonce, String signature) {
        try {
            return SHA1.gen(wxConfig.getToken(), timestamp, nonce).equals(signature);
        } catch (Exception e) {
            return false;
        }
    }

    /** What the demo's {@code TextBuilder} builds for a handler's text reply. */
    private static WxMpXmlOutMessage wxTextReply(WxMpXmlMessage inMessage) {
        return WxMpXmlOutMessage.TEXT().content(PushInputs.REPLY_TEXT)
                .fromUser(inMessage.getToUser()).toUser(inMessage.getFromUser())
                .build();
    }

    // ---- this project's collaborators, in memory ----------------------------------------------------------------

    /** {@code WeChatProviderConfig.pushSecurity} with the secrets at hand instead of in the vault. */
    private static final class InMemorySecurity implements PushSecurity {

        private final MessageMode mode;

        InMemorySecurity(MessageMode mode) {
            this.mode = mode;
        }

        @Override
        public MessageMode mode() {
            return mode;
        }

        @Override
        public String token() {
            return PushInputs.TOKEN;
        }

        @Override
        public MessageCrypto crypto() {
            try {
                return new MessageCrypto(token(), PushInputs.AES_KEY, PushInputs.APP_ID);
            } catch (WeChatCryptoException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class TextReplyHandler implements PushHandler {

        private static final PushReply REPLY = PushReply.text(PushInputs.REPLY_TEXT);

        @Override
        public PushReply handle(PushMessage message, PushTransaction transaction) {
            return REPLY;
        }
    }

    private static final class IgnoringTransaction implements PushTransaction {

        @Override
        public void afterCompletion(Runnable onCommit, Runnable onRollback) {
        }
    }

    // ---- both must do the real work, never an error path -------------------------------------------------------

    /**
     * Runs each benchmark method twice (so a second delivery is not a duplicate either) and opens each reply with the
     * other implementation's code where it can: signature, decryption, AppID, and the fields a person sees.
     */
    static final class SanityCheck {

        private SanityCheck() {
        }

        static void run(PushHandlingBenchmark bench) {
            for (int i = 0; i < 2; i++) {
                Response response = bench.keycloakWechat();
                require(response.getStatus() == 200, "this project answered " + response.getStatus()
                        + " (" + response.getEntity() + ")");
                require(MediaType.APPLICATION_XML_TYPE.isCompatible(response.getMediaType()),
                        "this project did not reply with XML: " + response.getEntity());
                checkReply(bench.push, (String) response.getEntity(), "this project");
                checkReply(bench.push, bench.wxJava(), "WxJava");
            }
        }

        private static void checkReply(PushInputs push, String xml, String who) {
            Map<String, String> reply = parse(xml, who);
            if (push.encrypted) {
                String encrypt = reply.get("Encrypt");
                String timeStamp = reply.get("TimeStamp");
                String nonce = reply.get("Nonce");
                require(WeChatSignature.matches(reply.get("MsgSignature"), PushInputs.TOKEN, timeStamp, nonce, encrypt),
                        who + "'s reply has a wrong MsgSignature");
                String inner;
                try {
                    inner = new MessageCrypto(PushInputs.TOKEN, PushInputs.AES_KEY, PushInputs.APP_ID)
                            .decrypt(reply.get("MsgSignature"), timeStamp, nonce, encrypt);
                } catch (WeChatCryptoException e) {
                    throw new IllegalStateException(who + "'s reply does not decrypt for the AppID: " + e, e);
                }
                WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
                config.setAppId(PushInputs.APP_ID);
                config.setToken(PushInputs.TOKEN);
                config.setAesKey(PushInputs.AES_KEY);
                String innerForWxJava = new WxMpCryptUtil(config).decryptXml(reply.get("MsgSignature"), timeStamp,
                        nonce, xml);
                require(inner.equals(innerForWxJava), who + "'s reply decrypts differently for WxJava");
                reply = parse(inner, who);
            }
            require(PushInputs.OPENID.equals(reply.get("ToUserName")), who + "'s reply is not to the user: " + reply);
            require(PushInputs.ACCOUNT.equals(reply.get("FromUserName")), who + "'s reply is not from the account");
            require("text".equals(reply.get("MsgType")), who + "'s reply is not text");
            require(PushInputs.REPLY_TEXT.equals(reply.get("Content")), who + "'s reply has other content: " + reply);
            WxMpXmlMessage asWxJavaReads = WxMpXmlMessage.fromXml(push.encrypted ? toPlain(reply) : xml);
            require(PushInputs.REPLY_TEXT.equals(asWxJavaReads.getContent()), who + "'s reply does not read in WxJava");
        }

        private static String toPlain(Map<String, String> fields) {
            StringBuilder xml = new StringBuilder("<xml>");
            fields.forEach((name, value) -> xml.append('<').append(name).append("><![CDATA[").append(value)
                    .append("]]></").append(name).append('>'));
            return xml.append("</xml>").toString();
        }

        private static Map<String, String> parse(String xml, String who) {
            try {
                return new PushXmlParser().parse(xml.getBytes(StandardCharsets.UTF_8));
            } catch (MalformedPushException e) {
                throw new IllegalStateException(who + " replied with malformed XML: " + xml, e);
            }
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalStateException("Sanity check failed: " + message);
            }
        }
    }
}
