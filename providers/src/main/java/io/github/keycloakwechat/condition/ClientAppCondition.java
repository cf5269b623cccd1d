package io.github.keycloakwechat.condition;

import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * True when the browser is the configured client app (WeCom by default, WeChat, or neither). With Keycloak's Identity
 * Provider Redirector after it in a conditional sub-flow, an app opened from the WeCom workbench (or inside WeChat)
 * signs in silently. The User-Agent decides routing only, never trust: the sign-in itself is WeCom's or WeChat's code,
 * resolved server-side.
 */
public final class ClientAppCondition implements ConditionalAuthenticator {

    static final ClientAppCondition SINGLETON = new ClientAppCondition();

    private ClientAppCondition() {
    }

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        String wanted = config == null ? null : config.getConfig().get(ClientAppConditionFactory.CLIENT_APP);
        ClientApp app = ClientApp.of(context.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.USER_AGENT));
        return app.configValue().equalsIgnoreCase(wanted == null ? ClientApp.WECOM.configValue() : wanted.trim());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
