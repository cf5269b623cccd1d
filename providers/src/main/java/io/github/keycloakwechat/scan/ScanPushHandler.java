package io.github.keycloakwechat.scan;

import io.github.keycloakwechat.message.PushMessage;
import io.github.keycloakwechat.push.PushHandler;
import io.github.keycloakwechat.push.PushReply;
import io.github.keycloakwechat.push.PushTransaction;
import io.github.keycloakwechat.scan.ScanSessionStore.ScanOutcome;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;

/**
 * Acts on scans of login QR codes ({@code subscribe} through a QR, or {@code SCAN}): marks the scene scanned by the
 * openid that scanned, wakes the polls waiting for it once that commits, and answers the person with a text.
 * Everything else the account receives is acknowledged without effect.
 */
public final class ScanPushHandler implements PushHandler {

    private static final Logger LOG = Logger.getLogger(ScanPushHandler.class);

    private final KeycloakSession session;
    private final ScanSessionStore store;
    private final ScanWakeup wakeup;
    private final String realmId;
    private final String alias;
    private final boolean confirmOnPhone;
    private final BiFunction<ScanOutcome, String, String> replyText;

    /**
     * @param confirmOnPhone whether a scan waits for the scanner to confirm through a link in the reply
     * @param replyText      the reply for an outcome and, when awaiting confirmation, the link's URL
     */
    public ScanPushHandler(KeycloakSession session, ScanWakeup wakeup, String realmId, String alias,
                           boolean confirmOnPhone, BiFunction<ScanOutcome, String, String> replyText) {
        this.session = session;
        this.store = new ScanSessionStore(session);
        this.wakeup = wakeup;
        this.realmId = realmId;
        this.alias = alias;
        this.confirmOnPhone = confirmOnPhone;
        this.replyText = replyText;
    }

    @Override
    public PushReply handle(PushMessage message, PushTransaction transaction) {
        String sceneId = message.isQrScan() ? message.sceneValue() : null;
        if (sceneId == null || message.fromUserName() == null || !SceneIds.isWellFormed(sceneId)) {
            // The account's other QR codes (posters, integer scenes) are none of our business: no reply text.
            return PushReply.ack();
        }
        transaction.afterCompletion(() -> wakeup.announce(session, sceneId), () -> {
            // Only a claim whose scan never committed: a scene already scanned keeps its first scanner.
            if (store.status(sceneId) == ScanStatus.PENDING) {
                store.releaseClaim(sceneId);
            }
        });
        ScanConfirmLink link = confirmOnPhone
                ? ScanConfirmLink.create(session, session.getContext().getRealm().getName(), sceneId) : null;
        ScanOutcome outcome = store.markScanned(sceneId, realmId, alias, message.ticket(), message.fromUserName(),
                link == null ? null : link.tokenHash());
        LOG.debugf("WeChat %s event for provider %s: %s", message.event(), alias, outcome);
        return PushReply.text(replyText.apply(outcome, link == null ? null : link.url()));
    }
}
