package io.github.keycloakwechat.broker;

import io.github.keycloakwechat.api.OAuthAccessToken;
import io.github.keycloakwechat.api.SnsUserInfo;
import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.api.WebOAuthApi;
import io.github.keycloakwechat.identity.WeChatIdentity;
import io.github.keycloakwechat.identity.WeChatProfile;
import io.github.keycloakwechat.identity.WeChatUserProfile;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.AbstractIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider.AuthenticationCallback;
import org.keycloak.broker.social.SocialIdentityProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.resources.IdentityBrokerService;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What every WeChat-family identity provider does the same way: a state short enough for WeChat, no token exchange,
 * the identity keyed by the openid of the app with the unionid kept on the user, the "new users" switch, web OAuth
 * completion, and failures shown as a localized page with a way back. A provider adds how a login starts
 * ({@code performLogin}) and, where it completes other than by web OAuth, its endpoint.
 */
public abstract class WeChatIdentityProvider<C extends WeChatProviderConfig> extends AbstractIdentityProvider<C>
        implements SocialIdentityProvider<C> {

    private static final Logger LOG = Logger.getLogger(WeChatIdentityProvider.class);

    protected WeChatIdentityProvider(KeycloakSession session, C config) {
        super(session, config);
    }

    /** The web OAuth client of this provider's app, for {@link #completeWebOAuth}. */
    protected abstract WebOAuthApi webOAuth();

    /** Whether the OAuth scope this login asked for lets {@code sns/userinfo} answer (nickname, avatar ...). */
    protected abstract boolean webOAuthReadsProfile();

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return new WeChatBrokerEndpoint(session, this, callback);
    }

    @Override
    public boolean supportsLongStateParameter() {
        // WeChat truncates or rejects a state over 128 bytes.
        return false;
    }

    /** Exchanges a web OAuth code server-side and signs the person in by what WeChat returned for it. */
    public Response completeWebOAuth(AuthenticationCallback callback, AuthenticationSessionModel login, String code) {
        try {
            WebOAuthApi oauth = webOAuth();
            OAuthAccessToken token = oauth.exchangeCode(code);
            if (token.snapshotUser()) {
                // WeChat's "snapshot" page mode gives a placeholder identity, not the person's.
                return callback.error(getConfig(), "wechatSnapshotUser");
            }
            SnsUserInfo info = webOAuthReadsProfile() ? profileOrNull(oauth, token) : null;
            String unionid = token.unionid() != null ? token.unionid() : info == null ? null : info.unionid();
            WeChatProfile profile = info == null ? WeChatProfile.of(getConfig().appId(), token.openid(), unionid)
                    : new WeChatProfile(getConfig().appId(), token.openid(), unionid, info.nickname(), info.headimgurl(),
                            info.sex(), info.province(), info.city(), info.country());
            return authenticated(callback, login, profile);
        } catch (WeChatApiException | ProviderMisconfiguredException e) {
            return failed(callback, "the OAuth code exchange", e);
        }
    }

    /** The profile is a bonus: the openid is already known, so a failure here does not stop the login. */
    private SnsUserInfo profileOrNull(WebOAuthApi oauth, OAuthAccessToken token) {
        try {
            return oauth.userInfo(token, "zh_CN");
        } catch (WeChatApiException e) {
            LOG.warnf("Could not read the WeChat profile for provider %s (errcode %d); signing in without it",
                    getConfig().getAlias(), e.errcode());
            return null;
        }
    }

    /**
     * Hands Keycloak the person WeChat vouched for. Only ever called with identifiers WeChat itself returned: from a
     * verified push or a server-side code exchange, never from the browser. With new users refused, a person who is
     * neither linked to this provider nor the one user holding their unionid gets a page saying so, and no account.
     */
    public Response authenticated(AuthenticationCallback callback, AuthenticationSessionModel login, WeChatProfile profile) {
        return authenticated(callback, login, WeChatIdentity.create(getConfig(), profile), isKnown(login.getRealm(), profile));
    }

    /**
     * Hands Keycloak an identity built only from what WeChat or WeCom returned. {@code known}: the person is linked to
     * this provider already, or will be linked silently (by unionid); with new users refused, nobody else gets in.
     */
    protected Response authenticated(AuthenticationCallback callback, AuthenticationSessionModel login,
                                     BrokeredIdentityContext identity, boolean known) {
        if (getConfig().newUsers() == NewUsers.REFUSE && !isLinking(login) && !known) {
            LOG.infof("WeChat provider %s refused a person who is not bound to any user (new users are refused)",
                    getConfig().getAlias());
            return callback.error(getConfig(), "wechatNotBound");
        }
        identity.setIdp(this);
        identity.setAuthenticationSession(login);
        return callback.authenticated(identity);
    }

    /** Account linking (Account Console) binds WeChat to the signed-in user: never a new user. */
    private static boolean isLinking(AuthenticationSessionModel login) {
        return login.getAuthNote(IdentityBrokerService.LINKING_IDENTITY_PROVIDER) != null;
    }

    /** Whether a user is linked to this provider under {@code brokerUserId}. */
    protected boolean isLinked(RealmModel realm, String brokerUserId) {
        FederatedIdentityModel link = new FederatedIdentityModel(getConfig().getAlias(), brokerUserId, null);
        return session.users().getUserByFederatedIdentity(realm, link) != null;
    }

    /**
     * Whether this person's unionid decides who they are: a first login (no user linked by this openid) in a realm
     * whose first-broker-login flow links by unionid. Without it such a login would create a second account for
     * someone who has one, so a failure to read it must stop the login instead of going on by openid.
     */
    public boolean needsUnionid(RealmModel realm, String openid) {
        return !isLinked(realm, openid) && FirstBrokerLoginFlows.linksByUnionid(realm, getConfig());
    }

    private boolean isKnown(RealmModel realm, WeChatProfile profile) {
        if (isLinked(realm, profile.openid())) {
            return true;
        }
        if (profile.unionid() == null || !FirstBrokerLoginFlows.linksByUnionid(realm, getConfig())) {
            return false;
        }
        List<UserModel> holders = session.users()
                .searchForUserByUserAttributeStream(realm, WeChatIdentity.UNIONID_ATTRIBUTE, profile.unionid())
                .limit(2).toList();
        // Exactly what the unionid link authenticator will link: one holder, not yet linked to this provider.
        return holders.size() == 1
                && session.users().getFederatedIdentity(realm, holders.get(0), getConfig().getAlias()) == null;
    }

    /** The localized error page for a failed step; {@code e} is logged for the admin without secrets. */
    public Response failed(AuthenticationCallback callback, String step, Exception e) {
        return callback.error(getConfig(), LoginFailure.messageKey(getConfig().getAlias(), step, e));
    }

    /**
     * Keycloak calls this after every brokered login, right after {@code importNewUser} for a new user, so the WeChat
     * attributes are stored here once for both.
     */
    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user, BrokeredIdentityContext context) {
        super.updateBrokeredUser(session, realm, user, context);
        WeChatUserProfile.declareAttributes(session);
        WeChatIdentity.store(user, context);
    }

    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity) {
        return exchangeNotSupported();
    }

    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity, UserSessionModel userSession,
                                  UserModel user) {
        return exchangeNotSupported();
    }
}
