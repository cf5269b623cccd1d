package io.github.keycloakwechat.mp;

import io.github.keycloakwechat.api.QrCode;
import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.api.WeChatMpApi;
import io.github.keycloakwechat.scan.ScanSession;
import io.github.keycloakwechat.scan.ScanSessionStore;
import io.github.keycloakwechat.scan.SceneIds;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Issues login QR codes: asks WeChat for a parametric code whose scene is a fresh random id, and binds that scene
 * to the auth session that will show it. Used by the first page render and by renewals after expiry.
 */
public final class QrLoginService {

    /** A page left open renews its code at most this often; then the person reloads. */
    public static final int MAX_RENEWALS = 20;

    private final KeycloakSession session;
    private final WeChatMpConfig config;
    private final WeChatMpApi api;

    public QrLoginService(KeycloakSession session, WeChatMpConfig config, WeChatMpApi api) {
        this.session = session;
        this.config = config;
        this.api = api;
    }

    public IssuedQr issue(RealmModel realm, String rootSessionId, String tabId, int renewals) throws WeChatApiException {
        String sceneId = SceneIds.newSceneId();
        int lifetime = config.qrLifetimeSeconds();
        QrCode qr = api.createQrCode(sceneId, config.qrType(), lifetime);
        // WeChat may grant less than asked; never keep a scene alive longer than its code.
        int granted = qr.expireSeconds() == null ? lifetime : Math.min(lifetime, qr.expireSeconds());
        ScanSessionStore store = new ScanSessionStore(session);
        store.save(ScanSession.pending(sceneId, realm.getId(), config.getAlias(), rootSessionId, tabId,
                SceneIds.hash(qr.ticket()), store.now() + granted, renewals));
        return new IssuedQr(sceneId, QrImage.pngDataUri(qr.url()), granted);
    }
}
