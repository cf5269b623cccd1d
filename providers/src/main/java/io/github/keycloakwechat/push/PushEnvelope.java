package io.github.keycloakwechat.push;

import io.github.keycloakwechat.broker.ProviderMisconfiguredException;
import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatCryptoException;
import io.github.keycloakwechat.crypto.WeChatSignature;
import io.github.keycloakwechat.message.MalformedPushException;
import io.github.keycloakwechat.message.PassiveReply;
import io.github.keycloakwechat.message.PushMessage;
import io.github.keycloakwechat.message.PushXmlParser;
import io.github.keycloakwechat.push.PushReceivingFactory.PushEndpoint;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The security of a push, whatever it means: nothing reaches the {@link PushHandler} unless the push is signed with
 * the provider's Token, is fresh, (when encrypted) carries the provider's AppID inside the ciphertext, and is seen
 * for the first time. The handler's text reply goes back encrypted when the push was. Refusals are 4xx with a log
 * line naming the reason; a provider whose secrets cannot be resolved answers 503, so WeChat retries once the admin
 * fixed it.
 */
public final class PushEnvelope {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** WeChat does not bound the timestamp; five minutes bounds the window in which a captured push can replay. */
    static final long MAX_CLOCK_SKEW_SECONDS = 300;
    /** Longer than the skew window, so every replay inside it is recognised as one. */
    static final long DEDUP_SECONDS = 2 * MAX_CLOCK_SKEW_SECONDS;

    private static final Logger LOG = Logger.getLogger(PushEnvelope.class);

    private final PushTarget target;
    private final PushEndpoint endpoint;
    private final PushDeliveryLog deliveries;
    private final PushTransaction transaction;
    private final Clock clock;
    private final PushXmlParser parser = new PushXmlParser(MAX_BODY_BYTES);

    public PushEnvelope(PushTarget target, PushEndpoint endpoint, PushDeliveryLog deliveries,
                        PushTransaction transaction, Clock clock) {
        this.target = target;
        this.endpoint = endpoint;
        this.deliveries = deliveries;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** WeChat's server URL verification (服务器配置): echo {@code echostr} when the signature is ours. */
    public Response verifyUrl(String signature, String timestamp, String nonce, String echostr) {
        try {
            if (!WeChatSignature.matches(signature, endpoint.security().token(), timestamp, nonce)) {
                return refuse("URL verification with a wrong signature");
            }
            return Response.ok(echostr == null ? "" : echostr, MediaType.TEXT_PLAIN_TYPE).build();
        } catch (ProviderMisconfiguredException e) {
            return misconfigured(e);
        }
    }

    public Response receive(PushQuery query, byte[] body) {
        try {
            return open(query, body);
        } catch (ProviderMisconfiguredException e) {
            return misconfigured(e);
        }
    }

    private Response open(PushQuery query, byte[] body) {
        // WeChat always sends both; without a nonce, telling a retry from a replay would rest on the body alone.
        if (isBlank(query.nonce()) || isBlank(query.timestamp())) {
            return refuse("push without a timestamp or nonce");
        }
        if (!WeChatSignature.matches(query.signature(), endpoint.security().token(), query.timestamp(), query.nonce())) {
            return refuse("push with a wrong signature");
        }
        if (!fresh(query.timestamp())) {
            return refuse("push with a timestamp outside +/-" + MAX_CLOCK_SKEW_SECONDS + " s");
        }
        MessageCrypto crypto = null;
        PushMessage message;
        try {
            Map<String, String> fields = parser.parse(body);
            if (query.encrypted()) {
                crypto = endpoint.security().crypto();
                String encrypt = fields.get("Encrypt");
                if (encrypt == null) {
                    return malformed("encrypted push without <Encrypt>");
                }
                String inner = crypto.decrypt(query.msgSignature(), query.timestamp(), query.nonce(), encrypt);
                fields = parser.parse(inner.getBytes(StandardCharsets.UTF_8));
            } else if (endpoint.security().mode().encrypted()) {
                // In compatible and safe mode WeChat always encrypts; a plaintext push here is not from WeChat.
                return refuse("plaintext push while the provider expects " + endpoint.security().mode().configValue() + " mode");
            }
            message = PushMessage.from(fields);
        } catch (MalformedPushException e) {
            return malformed(e.getMessage());
        } catch (WeChatCryptoException e) {
            if (e.code() == WeChatCryptoException.VALIDATE_SIGNATURE || e.code() == WeChatCryptoException.VALIDATE_APPID) {
                return refuse("encrypted push rejected (" + e.code() + ")");
            }
            return malformed("encrypted push could not be decrypted (" + e.code() + ")");
        }
        if (!firstDelivery(query, message)) {
            LOG.debug("Duplicate WeChat push acknowledged without effect");
            return PushResponses.ack();
        }
        PushReply reply = endpoint.handler().handle(message, transaction);
        return reply.text() == null ? PushResponses.ack() : reply(message, query, crypto, reply.text());
    }

    /**
     * A retry from WeChat or a replay is recognised by its nonce and by the message itself; the first delivery already
     * did everything there is to do. Both markers are undone if this request rolls back.
     */
    private boolean firstDelivery(PushQuery query, PushMessage message) {
        String nonceKey = "nonce:" + query.timestamp() + ":" + query.nonce();
        if (!deliveries.firstDelivery(target.realmId(), target.alias(), nonceKey, DEDUP_SECONDS)) {
            return false;
        }
        if (!deliveries.firstDelivery(target.realmId(), target.alias(), message.dedupKey(), DEDUP_SECONDS)) {
            deliveries.forget(target.realmId(), target.alias(), nonceKey);
            return false;
        }
        transaction.afterCompletion(() -> { }, () -> {
            deliveries.forget(target.realmId(), target.alias(), nonceKey);
            deliveries.forget(target.realmId(), target.alias(), message.dedupKey());
        });
        return true;
    }

    private Response reply(PushMessage message, PushQuery query, MessageCrypto crypto, String text) {
        long now = clock.instant().getEpochSecond();
        String xml = PassiveReply.text(message.fromUserName(), message.toUserName(), now, text);
        if (crypto == null) {
            return PushResponses.reply(xml);
        }
        try {
            return PushResponses.reply(crypto.encrypt(xml, Long.toString(now), query.nonce()).toXml());
        } catch (WeChatCryptoException e) {
            LOG.warnf("Could not encrypt the WeChat reply for provider %s (%d); acknowledging without text",
                    target.alias(), e.code());
            return PushResponses.ack();
        }
    }

    private boolean fresh(String timestamp) {
        try {
            return Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp)) <= MAX_CLOCK_SKEW_SECONDS;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private Response misconfigured(ProviderMisconfiguredException e) {
        LOG.errorf("WeChat push for provider %s in realm %s refused: the provider is misconfigured (%s)",
                target.alias(), target.realmName(), e.getMessage());
        return PushResponses.misconfigured();
    }

    private Response refuse(String reason) {
        LOG.warnf("Refused a WeChat push for provider %s in realm %s: %s", target.alias(), target.realmName(), reason);
        return PushResponses.forbidden("refused");
    }

    private Response malformed(String reason) {
        LOG.warnf("Rejected a malformed WeChat push for provider %s in realm %s: %s", target.alias(),
                target.realmName(), reason);
        return PushResponses.badRequest("malformed");
    }
}
