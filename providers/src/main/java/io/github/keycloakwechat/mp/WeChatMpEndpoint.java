package io.github.keycloakwechat.mp;

import io.github.keycloakwechat.api.OAuthAccessToken;
import io.github.keycloakwechat.api.SnsUserInfo;
import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.api.WebOAuthApi;
import io.github.keycloakwechat.broker.ProviderMisconfiguredException;
import io.github.keycloakwechat.scan.ScanSession;
import io.github.keycloakwechat.scan.ScanSessionStore;
import io.github.keycloakwechat.scan.ScanStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider.AuthenticationCallback;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * {@code /realms/{realm}/broker/{alias}/endpoint}: the only place a WeChat login completes. Keycloak's callback
 * checks the auth-session cookie and consumes the one-time state, so this runs on the final browser navigation
 * only (never from a poll or a push). A QR login must also present the scene that this same auth session showed.
 */
public class WeChatMpEndpoint {

    private static final Logger LOG = Logger.getLogger(WeChatMpEndpoint.class);

    private final KeycloakSession session;
    private final WeChatMpIdentityProvider provider;
    private final RealmModel realm;
    private final AuthenticationCallback callback;

    WeChatMpEndpoint(KeycloakSession session, WeChatMpIdentityProvider provider, RealmModel realm,
                     AuthenticationCallback callback) {
        this.session = session;
        this.provider = provider;
        this.realm = realm;
        this.callback = callback;
    }

    @GET
    public Response complete(@QueryParam("state") String state, @QueryParam("scene") String scene,
                             @QueryParam("code") String code) {
        if (state == null || state.isBlank()) {
            return ErrorPage.error(session, null, Response.Status.BAD_REQUEST, Messages.IDENTITY_PROVIDER_MISSING_STATE_ERROR);
        }
        AuthenticationSessionModel authSession = callback.getAndVerifyAuthenticationSession(state);
        session.getContext().setAuthenticationSession(authSession);
        if (scene != null) {
            return completeScan(authSession, scene);
        }
        if (code != null) {
            return completeOAuth(authSession, code);
        }
        // WeChat's OAuth page redirects without a code when the person refuses.
        return callback.cancelled(provider.getConfig());
    }

    private Response completeScan(AuthenticationSessionModel authSession, String sceneId) {
        WeChatMpConfig config = provider.getConfig();
        ScanSessionStore store = new ScanSessionStore(session);
        ScanSession scan = store.find(sceneId);
        if (scan == null || !scan.belongsTo(realm.getId(), config.getAlias())) {
            return callback.error(config, "wechatQrExpired");
        }
        if (!scan.belongsToLogin(authSession)) {
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
        return provider.authenticated(callback, authSession, consumed.openid(), unionidOf(consumed.openid()), null);
    }

    private Response completeOAuth(AuthenticationSessionModel authSession, String code) {
        WeChatMpConfig config = provider.getConfig();
        try {
            WebOAuthApi oauth = provider.factory().oauth(session, config);
            OAuthAccessToken token = oauth.exchangeCode(code);
            if (token.snapshotUser()) {
                // WeChat's "snapshot" page mode gives a placeholder identity, not the person's.
                return callback.error(config, "wechatSnapshotUser");
            }
            String unionid = token.unionid();
            String nickname = null;
            if (config.inWeChatScope() == InWeChatScope.SNSAPI_USERINFO) {
                SnsUserInfo info = snsUserInfo(oauth, token);
                if (info != null) {
                    nickname = info.nickname();
                    unionid = unionid != null ? unionid : info.unionid();
                }
            }
            return provider.authenticated(callback, authSession, token.openid(), unionid, nickname);
        } catch (WeChatApiException | ProviderMisconfiguredException e) {
            return provider.failed(callback, "the OAuth code exchange", e);
        }
    }

    /** The nickname is a bonus too: the openid is already known, so a failure here does not stop the login. */
    private SnsUserInfo snsUserInfo(WebOAuthApi oauth, OAuthAccessToken token) {
        try {
            return oauth.userInfo(token, "zh_CN");
        } catch (WeChatApiException e) {
            LOG.warnf("Could not read the WeChat profile for provider %s (errcode %d); signing in without it",
                    provider.getConfig().getAlias(), e.errcode());
            return null;
        }
    }

    /** The unionid is a bonus, never a condition: without it the login still completes on the openid. */
    private String unionidOf(String openid) {
        try {
            return provider.factory().api(session, provider.getConfig()).getUserInfo(openid).unionid();
        } catch (WeChatApiException e) {
            LOG.warnf("Could not read the unionid for provider %s (errcode %d); signing in by openid only",
                    provider.getConfig().getAlias(), e.errcode());
            return null;
        } catch (ProviderMisconfiguredException e) {
            LOG.warnf("Could not read the unionid for provider %s (%s); signing in by openid only",
                    provider.getConfig().getAlias(), e.getMessage());
            return null;
        }
    }
}
