package io.github.keycloakwechat.qr;

import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.broker.LoginFailure;
import io.github.keycloakwechat.broker.ProviderMisconfiguredException;
import io.github.keycloakwechat.broker.WeChatProviders;
import io.github.keycloakwechat.scan.ScanSession;
import io.github.keycloakwechat.scan.ScanSessionStore;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * Replaces an expired login QR with a new one, bound to the same login, so a page left open keeps working without a
 * reload. Only the browser holding that login's auth-session cookie may renew, and the request must be a script's (a
 * custom header forces a CORS preflight, which other sites cannot pass). The next code comes from the QR's provider,
 * found by its {@link QrLoginFactory} capability.
 */
public final class QrRenewal {

    /** A code may be renewed this close to its expiry (the page asks once it expired), not earlier. */
    static final int RENEWABLE_SECONDS_BEFORE_EXPIRY = 10;

    private final KeycloakSession session;
    private final RealmModel realm;

    public QrRenewal(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public Response renew(String sceneId, String requestedWith) {
        if (!"XMLHttpRequest".equals(requestedWith)) {
            return error(Response.Status.FORBIDDEN, "renewal must come from the login page");
        }
        ScanSessionStore store = new ScanSessionStore(session);
        ScanSession old = store.findIncludingExpired(sceneId);
        AuthenticationSessionModel login = old == null ? null : loginOfThisBrowser(old.tabId());
        if (old == null || !old.belongsToLogin(login)) {
            return error(Response.Status.NOT_FOUND, "unknown login QR; reload the page");
        }
        if (old.renewals() >= QrLoginService.MAX_RENEWALS) {
            return error(Response.Status.TOO_MANY_REQUESTS, "too many renewals; reload the page");
        }
        if (!old.expiredAt(store.now() + RENEWABLE_SECONDS_BEFORE_EXPIRY)) {
            return error(Response.Status.CONFLICT, "the code is still valid");
        }
        // One renewal per code, cluster-wide: simultaneous requests for the same code get one new code, not many.
        if (!store.claimRenewal(sceneId)) {
            return error(Response.Status.CONFLICT, "the code was renewed already; reload the page");
        }
        IdentityProviderModel model = session.identityProviders().getByAlias(old.alias());
        QrLoginFactory factory = model == null || !model.isEnabled() ? null
                : WeChatProviders.factoryWith(session, model, QrLoginFactory.class).orElse(null);
        if (factory == null) {
            return error(Response.Status.NOT_FOUND, "the WeChat provider is no longer enabled");
        }
        try {
            IssuedQr qr = new QrLoginService(session, factory.qrIssuer(session, model), factory.qrIssueLimiter())
                    .issue(login, old.renewals() + 1);
            store.delete(sceneId);
            return Response.ok(Map.of("scene", qr.sceneId(), "image", qr.imageDataUri(), "expiresIn", qr.expiresInSeconds()))
                    .build();
        } catch (WeChatApiException | ProviderMisconfiguredException e) {
            store.releaseRenewal(sceneId); // nothing was issued: the page may try again
            String key = LoginFailure.messageKey(old.alias(), "renewing a login QR", e);
            return error(Response.Status.SERVICE_UNAVAILABLE,
                    LoginFailure.MISCONFIGURED.equals(key) ? "provider misconfigured" : "wechat unavailable");
        }
    }

    /** The login in this browser's tab, known from the auth-session cookie; null when there is none. */
    private AuthenticationSessionModel loginOfThisBrowser(String tabId) {
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).getCurrentRootAuthenticationSession(realm);
        return root == null ? null : root.getAuthenticationSessions().get(tabId);
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
