package io.github.keycloakwechat.wecom;

import io.github.keycloakwechat.broker.WeChatUserAgent;
import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * True when the browser is the WeCom client (its User-Agent says {@code wxwork}). With Keycloak's Identity Provider
 * Redirector after it in a conditional sub-flow, an app opened from the WeCom workbench signs in silently. The
 * User-Agent decides routing only, never trust: the login itself is WeCom's code, resolved server-side.
 */
public final class WeComClientCondition implements ConditionalAuthenticator {

    static final WeComClientCondition SINGLETON = new WeComClientCondition();

    private WeComClientCondition() {
    }

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        return WeChatUserAgent.isWeCom(context.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.USER_AGENT));
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
