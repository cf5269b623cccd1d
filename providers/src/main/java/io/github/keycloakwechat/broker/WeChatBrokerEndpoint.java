package io.github.keycloakwechat.broker;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider.AuthenticationCallback;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * {@code /realms/{realm}/broker/{alias}/endpoint}: the only place a WeChat-family login completes. Keycloak's callback
 * checks the auth-session cookie and consumes the one-time state, so this runs on the final browser navigation only
 * (never from a poll or a push). With a {@code code} it is web OAuth; a provider that completes another way (the
 * Service Account's scanned QR) overrides {@link #withoutCode}.
 */
public class WeChatBrokerEndpoint {

    protected final KeycloakSession session;
    protected final WeChatIdentityProvider<?> provider;
    protected final AuthenticationCallback callback;

    public WeChatBrokerEndpoint(KeycloakSession session, WeChatIdentityProvider<?> provider, AuthenticationCallback callback) {
        this.session = session;
        this.provider = provider;
        this.callback = callback;
    }

    @GET
    public Response complete(@QueryParam("state") String state, @QueryParam("code") String code) {
        if (state == null || state.isBlank()) {
            return ErrorPage.error(session, null, Response.Status.BAD_REQUEST, Messages.IDENTITY_PROVIDER_MISSING_STATE_ERROR);
        }
        AuthenticationSessionModel login = callback.getAndVerifyAuthenticationSession(state);
        session.getContext().setAuthenticationSession(login);
        return code != null && !code.isBlank() ? provider.completeWebOAuth(callback, login, code) : withoutCode(login);
    }

    /** WeChat's OAuth pages redirect without a code when the person refuses. */
    protected Response withoutCode(AuthenticationSessionModel login) {
        return callback.cancelled(provider.getConfig());
    }
}
