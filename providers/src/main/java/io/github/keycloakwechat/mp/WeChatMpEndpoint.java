package io.github.keycloakwechat.mp;

import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.broker.ProviderMisconfiguredException;
import io.github.keycloakwechat.broker.WeChatBrokerEndpoint;
import io.github.keycloakwechat.identity.WeChatProfile;
import io.github.keycloakwechat.scan.ScanSession;
import io.github.keycloakwechat.scan.ScanSessionStore;
import io.github.keycloakwechat.scan.ScanStatus;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider.AuthenticationCallback;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The Service Account's broker endpoint: web OAuth inside WeChat (inherited), or a scanned QR. A QR login must present
 * the scene that this same login showed; the openid comes from the verified push, never from the browser.
 */
public class WeChatMpEndpoint extends WeChatBrokerEndpoint {

    private static final Logger LOG = Logger.getLogger(WeChatMpEndpoint.class);

    private final WeChatMpIdentityProvider mp;

    WeChatMpEndpoint(KeycloakSession session, WeChatMpIdentityProvider provider, AuthenticationCallback callback) {
        super(session, provider, callback);
        this.mp = provider;
    }

    @Override
    protected Response withoutCode(AuthenticationSessionModel login) {
        String scene = session.getContext().getUri().getQueryParameters().getFirst("scene");
        return scene == null ? super.withoutCode(login) : completeScan(login, scene);
    }

    private Response completeScan(AuthenticationSessionModel login, String sceneId) {
        WeChatMpConfig config = mp.getConfig();
        ScanSessionStore store = new ScanSessionStore(session);
        ScanSession scan = store.find(sceneId);
        if (scan == null || !scan.belongsTo(login.getRealm().getId(), config.getAlias())) {
            return callback.error(config, "wechatQrExpired");
        }
        if (!scan.belongsToLogin(login)) {
            LOG.warnf("Refused a WeChat QR completion for provider %s: the scene belongs to another auth session",
                    config.getAlias());
            return callback.error(config, "wechatQrOtherBrowser");
        }
        if (scan.status() != ScanStatus.SCANNED) {
            return callback.error(config, "wechatQrNotScanned");
        }
        ScanSession consumed = store.consume(sceneId);
        if (consumed == null || consumed.openid() == null) {
            return callback.error(config, "wechatQrExpired");
        }
        String openid = consumed.openid();
        String unionid;
        try {
            unionid = mp.factory().api(session, config).getUserInfo(openid).unionid();
        } catch (WeChatApiException | ProviderMisconfiguredException e) {
            if (mp.needsUnionid(login.getRealm(), openid)) {
                return mp.failed(callback, "reading the unionid of a first login", e);
            }
            // A returning person is known by the openid; the unionid is refreshed at their next login.
            LOG.warnf("Could not read the unionid for provider %s (%s); signing in by openid only", config.getAlias(),
                    e.getMessage());
            unionid = null;
        }
        return mp.authenticated(callback, login, WeChatProfile.of(config.appId(), openid, unionid));
    }
}
