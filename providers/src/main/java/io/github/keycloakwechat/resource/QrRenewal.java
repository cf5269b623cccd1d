package io.github.keycloakwechat.resource;

import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.mp.IssuedQr;
import io.github.keycloakwechat.mp.QrLoginService;
import io.github.keycloakwechat.mp.WeChatMpConfig;
import io.github.keycloakwechat.mp.WeChatMpIdentityProviderFactory;
import io.github.keycloakwechat.scan.ScanSession;
import io.github.keycloakwechat.scan.ScanSessionStore;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * Replaces an expired login QR with a new one, bound to the same auth session, so a page left open keeps working
 * without a reload. Only the browser holding that auth session's cookie may renew, and the request must be a
 * script's (a custom header forces a CORS preflight, which other sites cannot pass).
 */
final class QrRenewal {

    private static final Logger LOG = Logger.getLogger(QrRenewal.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    QrRenewal(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    Response renew(String sceneId, String requestedWith) {
        if (!"XMLHttpRequest".equals(requestedWith)) {
            return error(Response.Status.FORBIDDEN, "renewal must come from the login page");
        }
        ScanSessionStore store = new ScanSessionStore(session);
        ScanSession old = store.findIncludingExpired(sceneId);
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).getCurrentRootAuthenticationSession(realm);
        if (old == null || root == null || !old.realmId().equals(realm.getId()) || !old.rootSessionId().equals(root.getId())) {
            return error(Response.Status.NOT_FOUND, "unknown login QR; reload the page");
        }
        if (old.renewals() >= QrLoginService.MAX_RENEWALS) {
            return error(Response.Status.TOO_MANY_REQUESTS, "too many renewals; reload the page");
        }
        IdentityProviderModel model = session.identityProviders().getByAlias(old.alias());
        if (model == null || !model.isEnabled()) {
            return error(Response.Status.NOT_FOUND, "the WeChat provider is no longer enabled");
        }
        WeChatMpConfig config = new WeChatMpConfig(model);
        try {
            IssuedQr qr = new QrLoginService(session, config, WeChatMpIdentityProviderFactory.of(session).api(session, config))
                    .issue(realm, old.rootSessionId(), old.tabId(), old.renewals() + 1);
            store.delete(sceneId);
            return Response.ok(Map.of("scene", qr.sceneId(), "image", qr.imageDataUri(), "expiresIn", qr.expiresInSeconds()))
                    .build();
        } catch (WeChatApiException e) {
            LOG.warnf("WeChat refused a renewed login QR for provider %s: errcode %d (%s)", old.alias(), e.errcode(), e.errmsg());
            return error(Response.Status.SERVICE_UNAVAILABLE, "wechat unavailable");
        } catch (IllegalArgumentException e) {
            LOG.warnf("WeChat provider %s is misconfigured: %s", old.alias(), e.getMessage());
            return error(Response.Status.SERVICE_UNAVAILABLE, "provider misconfigured");
        }
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
