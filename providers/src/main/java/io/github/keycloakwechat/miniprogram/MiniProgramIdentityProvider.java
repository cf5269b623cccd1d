package io.github.keycloakwechat.miniprogram;

import io.github.keycloakwechat.api.WebOAuthApi;
import io.github.keycloakwechat.broker.WeChatIdentityProvider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.core.Response;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorPage;

/**
 * A WeChat Mini Program (小程序). People sign in inside the Mini Program, through the token endpoint's Mini Program
 * grant, never in a browser: starting a browser login, or calling its broker endpoint, shows a page that says so. It is
 * an identity provider so that its openid is a federated identity (shown under linked accounts) and its settings live
 * where an admin looks for them.
 */
public class MiniProgramIdentityProvider extends WeChatIdentityProvider<MiniProgramConfig> {

    static final String ONLY_IN_MINI_PROGRAM = "wechatMiniProgramOnly";

    public MiniProgramIdentityProvider(KeycloakSession session, MiniProgramConfig config) {
        super(session, config);
    }

    @Override
    public Response performLogin(AuthenticationRequest request) {
        return onlyInMiniProgram(session);
    }

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return new Endpoint(session);
    }

    /** {@code /broker/{alias}/endpoint}: nothing completes here, a Mini Program login goes through the token endpoint. */
    public static final class Endpoint {

        private final KeycloakSession session;

        Endpoint(KeycloakSession session) {
            this.session = session;
        }

        @GET
        public Response complete() {
            return onlyInMiniProgram(session);
        }
    }

    @Override
    protected WebOAuthApi webOAuth() {
        // Unreachable: this provider has no web OAuth endpoint (see callback).
        throw new UnsupportedOperationException("a Mini Program signs in through the token endpoint");
    }

    @Override
    protected boolean webOAuthReadsProfile() {
        return false;
    }

    private static Response onlyInMiniProgram(KeycloakSession session) {
        return ErrorPage.error(session, null, Response.Status.BAD_REQUEST, ONLY_IN_MINI_PROGRAM);
    }
}
