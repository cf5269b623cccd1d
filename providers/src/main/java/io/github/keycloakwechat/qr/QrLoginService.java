package io.github.keycloakwechat.qr;

import io.github.keycloakwechat.api.QrCode;
import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.broker.LoginThrottledException;
import io.github.keycloakwechat.confirm.SigningInBrowser;
import io.github.keycloakwechat.scan.ScanSession;
import io.github.keycloakwechat.scan.ScanSessionStore;
import io.github.keycloakwechat.scan.ScanStatus;
import io.github.keycloakwechat.scan.SceneIds;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Issues login QR codes: asks the product for a code whose scene is a fresh random id, and binds that scene to the
 * login (auth session) that will show it. Used by the page render and by renewals after expiry. Each new code spends
 * WeChat quota, so a login shows the code it already has while that still has time left, and new codes per client
 * address are bounded ({@link QrIssueLimiter}).
 */
public final class QrLoginService {

    /** A page left open renews its code at most this often; then the person reloads. */
    public static final int MAX_RENEWALS = 20;
    /** A page shown again (reload, back button) keeps its code if it has at least this long to live. */
    static final int REUSE_MIN_SECONDS_LEFT = 30;
    private static final String SCENE_NOTE = "wechat.qr.scene";
    private static final String URL_NOTE = "wechat.qr.url";

    private final KeycloakSession session;
    private final QrIssuer issuer;
    private final QrIssueLimiter limiter;

    public QrLoginService(KeycloakSession session, QrIssuer issuer, QrIssueLimiter limiter) {
        this.session = session;
        this.issuer = issuer;
        this.limiter = limiter;
    }

    public String alias() {
        return issuer.alias();
    }

    /** The login's current code while it is pending and has time left, else a new one. */
    public IssuedQr issueOrReuse(AuthenticationSessionModel login) throws WeChatApiException {
        String sceneId = login.getAuthNote(SCENE_NOTE);
        String url = login.getAuthNote(URL_NOTE);
        if (sceneId != null && url != null) {
            ScanSessionStore store = new ScanSessionStore(session);
            ScanSession current = store.find(sceneId);
            long left = current == null ? 0 : current.expiresAtEpochSecond() - store.now();
            if (current != null && current.status() == ScanStatus.PENDING && current.belongsToLogin(login)
                    && current.alias().equals(issuer.alias()) && left >= REUSE_MIN_SECONDS_LEFT) {
                return new IssuedQr(sceneId, QrImage.pngDataUri(url), (int) left);
            }
        }
        return issue(login, 0);
    }

    public IssuedQr issue(AuthenticationSessionModel login, int renewals) throws WeChatApiException {
        String address = session.getContext().getConnection() == null ? null
                : session.getContext().getConnection().getRemoteAddr();
        int perMinute = issuer.codesPerMinutePerAddress();
        if (!limiter.tryAcquire(login.getRealm().getId() + "/" + issuer.alias() + "/" + address, perMinute)) {
            throw new LoginThrottledException("more than " + perMinute + " login QR codes a minute for " + address
                    + " on this node (setting qrCodesPerMinute)");
        }
        String sceneId = SceneIds.newSceneId();
        int lifetime = issuer.lifetimeSeconds();
        QrCode qr = issuer.create(sceneId);
        // The product may grant less than asked; never keep a scene alive longer than its code.
        int granted = qr.expireSeconds() == null ? lifetime : Math.min(lifetime, qr.expireSeconds());
        ScanSessionStore store = new ScanSessionStore(session);
        store.save(ScanSession.pending(sceneId, login.getRealm().getId(), issuer.alias(),
                login.getParentSession().getId(), login.getTabId(), SceneIds.hash(qr.ticket()), store.now() + granted,
                renewals));
        // What the code shows is public (it is on the page); the scene is the handle the page already has.
        login.setAuthNote(SCENE_NOTE, sceneId);
        login.setAuthNote(URL_NOTE, qr.url());
        if (issuer.confirmOnPhone()) {
            SigningInBrowser.remember(session, login, store.now());
        }
        return new IssuedQr(sceneId, QrImage.pngDataUri(qr.url()), granted);
    }
}
