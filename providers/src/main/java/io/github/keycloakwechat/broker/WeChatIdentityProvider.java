package io.github.keycloakwechat.broker;

import io.github.keycloakwechat.identity.WeChatIdentity;
import jakarta.ws.rs.core.Response;
import org.keycloak.broker.provider.AbstractIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider.AuthenticationCallback;
import org.keycloak.broker.social.SocialIdentityProvider;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What every WeChat-family identity provider does the same way: a state short enough for WeChat, no token exchange,
 * the identity keyed by the openid of the app with the unionid kept on the user, and failures shown as a localized
 * page with a way back. A provider adds how a login starts ({@code performLogin}) and its broker endpoint.
 */
public abstract class WeChatIdentityProvider<C extends WeChatProviderConfig> extends AbstractIdentityProvider<C>
        implements SocialIdentityProvider<C> {

    protected WeChatIdentityProvider(KeycloakSession session, C config) {
        super(session, config);
    }

    @Override
    public boolean supportsLongStateParameter() {
        // WeChat truncates or rejects a state over 128 bytes.
        return false;
    }

    /**
     * Hands Keycloak the person this provider's app knows as {@code openid}. Only ever called with identifiers WeChat
     * itself returned: from a verified push or a server-side code exchange, never from the browser.
     */
    public Response authenticated(AuthenticationCallback callback, AuthenticationSessionModel login, String openid,
                                  String unionid, String nickname) {
        BrokeredIdentityContext identity = WeChatIdentity.create(getConfig(), getConfig().appId(), openid, unionid);
        if (nickname != null && !nickname.isBlank()) {
            identity.setFirstName(nickname);
        }
        identity.setIdp(this);
        identity.setAuthenticationSession(login);
        return callback.authenticated(identity);
    }

    /** The localized error page for a failed step; {@code e} is logged for the admin without secrets. */
    public Response failed(AuthenticationCallback callback, String step, Exception e) {
        return callback.error(getConfig(), LoginFailure.messageKey(getConfig().getAlias(), step, e));
    }

    @Override
    public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user, BrokeredIdentityContext context) {
        super.importNewUser(session, realm, user, context);
        WeChatIdentity.storeUnionid(user, context);
    }

    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user, BrokeredIdentityContext context) {
        super.updateBrokeredUser(session, realm, user, context);
        WeChatIdentity.storeUnionid(user, context);
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
