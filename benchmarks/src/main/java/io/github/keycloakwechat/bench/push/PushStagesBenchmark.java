package io.github.keycloakwechat.bench.push;

import io.github.keycloakwechat.crypto.EncryptedReply;
import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatCryptoException;
import io.github.keycloakwechat.crypto.WeChatSignature;
import io.github.keycloakwechat.message.MalformedPushException;
import io.github.keycloakwechat.message.PassiveReply;
import io.github.keycloakwechat.message.PushMessage;
import io.github.keycloakwechat.message.PushXmlParser;
import io.github.keycloakwechat.push.PushDeliveryLog;
import io.github.keycloakwechat.push.PushResponses;
import io.github.keycloakwechat.testing.MinimalJaxRs;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import me.chanjar.weixin.mp.util.crypto.WxMpCryptUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where the time and allocation of {@link PushHandlingBenchmark} go: each stage of a safe-mode push alone, on the same
 * inputs, this project's ({@code ours_*}) and WxJava's ({@code wx_*}) in the order each runs them. The stages add up to
 * roughly the whole; they are for reading the whole, not a second comparison. Not part of the default run:
 * {@code PushHandlingReport stages} (or {@code -Dbench.jmh.stages=true} through Maven) writes
 * {@code PushHandlingStages.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PushStagesBenchmark {

    private PushInputs safe;
    private byte[] plainBody;
    private String plainXml;
    private String envelopeXml;
    private String encrypt;
    private PushXmlParser parser;
    private MessageCrypto crypto;
    private Map<String, String> innerFields;
    private PushMessage message;
    private PushDeliveryLog deliveries;
    private String replyXml;
    private WxMpDefaultConfigImpl wxConfig;
    private WxMpXmlMessage wxMessage;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        MinimalJaxRs.install();
        safe = PushInputs.of("safe");
        plainBody = PushInputs.of("plain").body;
        plainXml = new String(plainBody, StandardCharsets.UTF_8);
        envelopeXml = new String(safe.body, StandardCharsets.UTF_8);
        parser = new PushXmlParser(64 * 1024);
        crypto = new MessageCrypto(PushInputs.TOKEN, PushInputs.AES_KEY, PushInputs.APP_ID);
        encrypt = parser.parse(safe.body).get("Encrypt");
        innerFields = parser.parse(plainBody);
        message = PushMessage.from(innerFields);
        deliveries = new PushDeliveryLog(new AcceptingSingleUseObjects());
        replyXml = PassiveReply.text(PushInputs.OPENID, PushInputs.ACCOUNT, PushInputs.TIMESTAMP, PushInputs.REPLY_TEXT);
        wxConfig = new WxMpDefaultConfigImpl();
        wxConfig.setAppId(PushInputs.APP_ID);
        wxConfig.setToken(PushInputs.TOKEN);
        wxConfig.setAesKey(PushInputs.AES_KEY);
        wxMessage = WxMpXmlMessage.fromXml(plainXml);
        if (!PushInputs.SCENE.equals(message.sceneValue()) || !PushInputs.SCENE.equals(wxMessage.getEventKey())
                || !plainXml.equals(crypto.decrypt(safe.msgSignature, safe.timestamp, safe.nonce, encrypt))) {
            throw new IllegalStateException("Sanity check failed: the stages do not see the scan event");
        }
    }

    // ---- this project, in PushEnvelope's order ------------------------------------------------------------------

    @Benchmark
    public boolean ours_01_signature() {
        return WeChatSignature.matches(safe.signature, PushInputs.TOKEN, safe.timestamp, safe.nonce);
    }

    @Benchmark
    public Map<String, String> ours_02_parseEnvelope() throws MalformedPushException {
        return parser.parse(safe.body);
    }

    /** {@code PushSecurity.crypto()} builds one per push in production. */
    @Benchmark
    public MessageCrypto ours_03_newMessageCrypto() throws WeChatCryptoException {
        return new MessageCrypto(PushInputs.TOKEN, PushInputs.AES_KEY, PushInputs.APP_ID);
    }

    /** msg_signature, Base64, AES-CBC, padding, length, AppID, UTF-8. */
    @Benchmark
    public String ours_04_decrypt() throws WeChatCryptoException {
        return crypto.decrypt(safe.msgSignature, safe.timestamp, safe.nonce, encrypt);
    }

    @Benchmark
    public Map<String, String> ours_05_parseInner() throws MalformedPushException {
        return parser.parse(plainXml.getBytes(StandardCharsets.UTF_8));
    }

    @Benchmark
    public PushMessage ours_06_message() throws MalformedPushException {
        return PushMessage.from(innerFields);
    }

    /** Both markers: "nonce:..." and the message's dedup key, each hashed with SHA-256 (store accepts all). */
    @Benchmark
    public boolean ours_07_dedupKeys() {
        return deliveries.firstDelivery("realm-id", "wechat-mp", "nonce:" + safe.timestamp + ":" + safe.nonce, 600)
                & deliveries.firstDelivery("realm-id", "wechat-mp", message.dedupKey(), 600);
    }

    @Benchmark
    public String ours_08_replyXml() {
        return PassiveReply.text(message.fromUserName(), message.toUserName(), PushInputs.TIMESTAMP,
                PushInputs.REPLY_TEXT);
    }

    /** SecureRandom prefix, AES-CBC, Base64, msg_signature, the four-field XML. */
    @Benchmark
    public String ours_09_encryptReply() throws WeChatCryptoException {
        EncryptedReply reply = crypto.encrypt(replyXml, safe.timestamp, safe.nonce);
        return reply.toXml();
    }

    @Benchmark
    public Response ours_10_response() {
        return PushResponses.reply(replyXml);
    }

    /** Part of each parse above: the StAX factory PushXmlParser creates and configures per call. */
    @Benchmark
    public XMLInputFactory ours_x_newXmlInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return factory;
    }

    // ---- WxJava, in its demo controller's order -----------------------------------------------------------------

    @Benchmark
    public boolean wx_01_signature() {
        return SHA1.gen(wxConfig.getToken(), safe.timestamp, safe.nonce).equals(safe.signature);
    }

    /** {@code fromEncryptedXml} minus {@code fromXml}: a new WxMpCryptUtil, DOM parse for Encrypt, SHA-1, AES. */
    @Benchmark
    public String wx_02_decryptXml() {
        return new WxMpCryptUtil(wxConfig).decryptXml(safe.msgSignature, safe.timestamp, safe.nonce, envelopeXml);
    }

    /** XStream into WxMpXmlMessage, then dom4j into its all-fields map. */
    @Benchmark
    public WxMpXmlMessage wx_03_fromXml() {
        return WxMpXmlMessage.fromXml(plainXml);
    }

    @Benchmark
    public String wx_04_replyToXml() {
        return WxMpXmlOutMessage.TEXT().content(PushInputs.REPLY_TEXT)
                .fromUser(wxMessage.getToUser()).toUser(wxMessage.getFromUser()).build().toXml();
    }

    /** toXml (XStream), a new WxMpCryptUtil, AES, SHA-1, String.format of the four fields. */
    @Benchmark
    public String wx_05_replyToEncryptedXml() {
        return WxMpXmlOutMessage.TEXT().content(PushInputs.REPLY_TEXT)
                .fromUser(wxMessage.getToUser()).toUser(wxMessage.getFromUser()).build().toEncryptedXml(wxConfig);
    }
}
