package io.github.keycloakwechat.condition;

import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.IdentityProviderModel;
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
        return app.configValue().equalsIgnoreCase(wanted == null ? ClientApp.WECOM.configValue() : wanted.trim())
                && routeOpen(context, config);
    }

    /**
     * A Redirector to a disabled provider "attempts", which fails a REQUIRED step: the person inside WeCom would get
     * an error page instead of the login page. Naming the provider here closes the route together with it.
     */
    private static boolean routeOpen(AuthenticationFlowContext context, AuthenticatorConfigModel config) {
        String alias = config == null ? null : config.getConfig().get(ClientAppConditionFactory.WHILE_ENABLED);
        if (alias == null || alias.isBlank()) {
            return true;
        }
        IdentityProviderModel provider = context.getSession().identityProviders().getByAlias(alias.trim());
        return provider != null && provider.isEnabled();
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
