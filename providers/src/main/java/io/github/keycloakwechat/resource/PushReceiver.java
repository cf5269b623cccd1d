package io.github.keycloakwechat.resource;

import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatCryptoException;
import io.github.keycloakwechat.crypto.WeChatSignature;
import io.github.keycloakwechat.message.MalformedPushException;
import io.github.keycloakwechat.message.PassiveReply;
import io.github.keycloakwechat.message.PushMessage;
import io.github.keycloakwechat.message.PushXmlParser;
import io.github.keycloakwechat.mp.WeChatMpConfig;
import io.github.keycloakwechat.scan.ScanSessionStore;
import io.github.keycloakwechat.scan.ScanStatus;
import io.github.keycloakwechat.scan.SceneIds;
import io.github.keycloakwechat.scan.ScanSessionStore.ScanOutcome;
import io.github.keycloakwechat.scan.ScanWakeup;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Receives what WeChat's servers push for one Service Account. Nothing changes unless the push is signed with
 * our Token (and, when encrypted, carries our AppID inside the ciphertext), is fresh, and is seen for the first
 * time. A scan marks the scene scanned and answers with a passive text reply, well inside WeChat's 5 s.
 */
final class PushReceiver {

    static final int MAX_BODY_BYTES = 64 * 1024;
    /** WeChat does not bound the timestamp; five minutes bounds the window in which a captured push can replay. */
    static final long MAX_CLOCK_SKEW_SECONDS = 300;
    /** Longer than the skew window, so every replay inside it is recognised as one. */
    static final long DEDUP_SECONDS = 2 * MAX_CLOCK_SKEW_SECONDS;

    private static final Logger LOG = Logger.getLogger(PushReceiver.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final WeChatMpConfig config;
    private final ScanWakeup wakeup;
    private final ScanSessionStore store;
    private final PushXmlParser parser = new PushXmlParser(MAX_BODY_BYTES);

    PushReceiver(KeycloakSession session, RealmModel realm, WeChatMpConfig config, ScanWakeup wakeup) {
        this.session = session;
        this.realm = realm;
        this.config = config;
        this.wakeup = wakeup;
        this.store = new ScanSessionStore(session);
    }

    Response verifyUrl(String signature, String timestamp, String nonce, String echostr) {
        String token = token();
        if (token == null) {
            return PushResponses.misconfigured();
        }
        if (!WeChatSignature.matches(signature, token, timestamp, nonce)) {
            return refuse("URL verification with a wrong signature");
        }
        return Response.ok(echostr == null ? "" : echostr, MediaType.TEXT_PLAIN_TYPE).build();
    }

    Response receive(PushQuery query, byte[] body) {
        String token = token();
        if (token == null) {
            return PushResponses.misconfigured();
        }
        if (!WeChatSignature.matches(query.signature(), token, query.timestamp(), query.nonce())) {
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
                crypto = crypto(token);
                if (crypto == null) {
                    return PushResponses.misconfigured();
                }
                String encrypt = fields.get("Encrypt");
                if (encrypt == null) {
                    return malformed("encrypted push without <Encrypt>");
                }
                String inner = crypto.decrypt(query.msgSignature(), query.timestamp(), query.nonce(), encrypt);
                fields = parser.parse(inner.getBytes(StandardCharsets.UTF_8));
            } else if (config.messageMode().encrypted()) {
                // In compatible and safe mode WeChat always encrypts; a plaintext push here is not from WeChat.
                return refuse("plaintext push while the provider expects " + config.messageMode().configValue() + " mode");
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
        // A retry from WeChat or a replay: the first delivery already did everything there is to do.
        String nonceKey = "nonce:" + query.timestamp() + ":" + query.nonce();
        if (!store.firstDelivery(realm.getId(), config.getAlias(), nonceKey, DEDUP_SECONDS)) {
            return duplicate();
        }
        if (!store.firstDelivery(realm.getId(), config.getAlias(), message.dedupKey(), DEDUP_SECONDS)) {
            store.forgetDelivery(realm.getId(), config.getAlias(), nonceKey);
            return duplicate();
        }
        String sceneId = message.isQrScan() ? message.sceneValue() : null;
        afterCompletion(() -> {
            if (sceneId != null) {
                wakeup.signal(sceneId);
            }
        }, () -> {
            store.forgetDelivery(realm.getId(), config.getAlias(), nonceKey);
            store.forgetDelivery(realm.getId(), config.getAlias(), message.dedupKey());
            // Only a claim whose scan never committed: a scene already scanned keeps its first scanner.
            if (sceneId != null && store.status(sceneId) == ScanStatus.PENDING) {
                store.releaseClaim(sceneId);
            }
        });
        if (!message.isQrScan() || message.fromUserName() == null) {
            return PushResponses.ack();
        }
        return scanned(message, query, crypto);
    }

    private static Response duplicate() {
        LOG.debug("Duplicate WeChat push acknowledged without effect");
        return PushResponses.ack();
    }

    /**
     * After the request's transaction: on commit, wake the polls waiting here for the scene (they can only see the
     * change once it is committed); on rollback, remove the markers that took effect at once, so that WeChat's
     * retry is processed instead of being taken for a duplicate.
     */
    private void afterCompletion(Runnable onCommit, Runnable onRollback) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                onCommit.run();
            }

            @Override
            protected void rollbackImpl() {
                try {
                    onRollback.run();
                } catch (RuntimeException e) {
                    LOG.warnf("Could not undo the markers of a rolled-back WeChat push for provider %s: %s",
                            config.getAlias(), e.getMessage());
                }
            }
        });
    }

    private Response scanned(PushMessage message, PushQuery query, MessageCrypto crypto) {
        String sceneId = message.sceneValue();
        if (!SceneIds.isWellFormed(sceneId)) {
            // The account's other QR codes (posters, integer scenes) are none of our business: no reply text.
            return PushResponses.ack();
        }
        ScanOutcome outcome = store.markScanned(sceneId, realm.getId(), config.getAlias(), message.ticket(),
                message.fromUserName());
        LOG.debugf("WeChat %s event for provider %s: %s", message.event(), config.getAlias(), outcome);
        String text = ScanReplyText.forOutcome(session, realm, config, outcome);
        String reply = PassiveReply.text(message.fromUserName(), message.toUserName(),
                store.now(), text);
        if (crypto == null) {
            return PushResponses.reply(reply);
        }
        try {
            return PushResponses.reply(crypto.encrypt(reply, Long.toString(store.now()), query.nonce()).toXml());
        } catch (WeChatCryptoException e) {
            LOG.warnf("Could not encrypt the WeChat reply for provider %s (%d); acknowledging without text",
                    config.getAlias(), e.code());
            return PushResponses.ack();
        }
    }

    /** The Token, or null (logged) when it cannot be resolved: no push is trusted without it. */
    private String token() {
        try {
            return config.token(session);
        } catch (IllegalArgumentException e) {
            LOG.errorf("WeChat push for provider %s in realm %s refused: the Token is not usable (%s)",
                    config.getAlias(), realm.getName(), e.getMessage());
            return null;
        }
    }

    /** The message crypto, or null (logged) when the EncodingAESKey is missing or not a valid key. */
    private MessageCrypto crypto(String token) {
        try {
            return new MessageCrypto(token, config.encodingAesKey(session), config.appId());
        } catch (IllegalArgumentException e) {
            LOG.errorf("WeChat push for provider %s in realm %s refused: the EncodingAESKey is not usable (%s)",
                    config.getAlias(), realm.getName(), e.getMessage());
            return null;
        } catch (WeChatCryptoException e) {
            // A malformed key is our configuration, not a broken push: WeChat should retry once the admin fixed it.
            LOG.errorf("WeChat push for provider %s in realm %s refused: the EncodingAESKey is malformed (%d)",
                    config.getAlias(), realm.getName(), e.code());
            return null;
        }
    }

    private boolean fresh(String timestamp) {
        try {
            return Math.abs(store.now() - Long.parseLong(timestamp)) <= MAX_CLOCK_SKEW_SECONDS;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Response refuse(String reason) {
        LOG.warnf("Refused a WeChat push for provider %s in realm %s: %s", config.getAlias(), realm.getName(), reason);
        return PushResponses.forbidden("refused");
    }

    private Response malformed(String reason) {
        LOG.warnf("Rejected a malformed WeChat push for provider %s in realm %s: %s", config.getAlias(), realm.getName(), reason);
        return PushResponses.badRequest("malformed");
    }
}
