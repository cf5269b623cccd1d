package io.github.keycloakwechat.qr;

import io.github.keycloakwechat.api.QrCode;
import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.scan.ScanSession;
import io.github.keycloakwechat.scan.ScanSessionStore;
import io.github.keycloakwechat.scan.SceneIds;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Issues login QR codes: asks the product for a code whose scene is a fresh random id, and binds that scene to the
 * login (auth session) that will show it. Used by the first page render and by renewals after expiry.
 */
public final class QrLoginService {

    /** A page left open renews its code at most this often; then the person reloads. */
    public static final int MAX_RENEWALS = 20;

    private final KeycloakSession session;
    private final QrIssuer issuer;

    public QrLoginService(KeycloakSession session, QrIssuer issuer) {
        this.session = session;
        this.issuer = issuer;
    }

    public IssuedQr issue(AuthenticationSessionModel login, int renewals) throws WeChatApiException {
        String sceneId = SceneIds.newSceneId();
        int lifetime = issuer.lifetimeSeconds();
        QrCode qr = issuer.create(sceneId);
        // The product may grant less than asked; never keep a scene alive longer than its code.
        int granted = qr.expireSeconds() == null ? lifetime : Math.min(lifetime, qr.expireSeconds());
        ScanSessionStore store = new ScanSessionStore(session);
        store.save(ScanSession.pending(sceneId, login.getRealm().getId(), issuer.alias(),
                login.getParentSession().getId(), login.getTabId(), SceneIds.hash(qr.ticket()), store.now() + granted,
                renewals));
        return new IssuedQr(sceneId, QrImage.pngDataUri(qr.url()), granted);
    }
}
