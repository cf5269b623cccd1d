package io.github.keycloakwechat.identity;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.ExistingUserInfo;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A first-broker-login step that links the brokered identity to an existing user without a prompt, by an identifier
 * the provider vouched for. Keycloak's {@code afterFirstBrokerLogin} then adds the link and emits
 * {@code FEDERATED_IDENTITY_LINK}.
 */
public abstract class SilentLinkAuthenticator extends AbstractIdpAuthenticator {

    /** Links to {@code user}, found by {@code attribute} = {@code value}, and ends this step successfully. */
    protected static void link(AuthenticationFlowContext context, UserModel user, String attribute, String value) {
        context.getAuthenticationSession().setAuthNote(EXISTING_USER_INFO,
                new ExistingUserInfo(user.getId(), attribute, value).serialize());
        context.setUser(user);
        context.success();
    }

    @Override
    protected void actionImpl(AuthenticationFlowContext context, SerializedBrokeredIdentityContext serializedCtx,
                              BrokeredIdentityContext brokerContext) {
        authenticateImpl(context, serializedCtx, brokerContext);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }
}
