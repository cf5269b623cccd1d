package io.github.keycloakwechat.miniprogram;

import io.github.keycloakwechat.api.InvalidOAuthCodeException;
import io.github.keycloakwechat.api.MiniProgramApi;
import io.github.keycloakwechat.api.MiniProgramApi.MiniProgramLogin;
import io.github.keycloakwechat.api.RateLimitedException;
import io.github.keycloakwechat.api.RiskyUserException;
import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.broker.ProviderMisconfiguredException;
import io.github.keycloakwechat.broker.WeChatProviders;
import io.github.keycloakwechat.miniprogram.MiniProgramAccounts.Resolved;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeBase;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;
import org.keycloak.util.TokenUtil;

/**
 * The Mini Program's token request: {@code grant_type=}{@value MiniProgramGrantTypeFactory#GRANT_TYPE}, the client
 * (public or confidential), and the {@code code} of {@code wx.login()} (optionally {@code phone_code}). The code is
 * exchanged server-side; the person is found or created by what WeChat returned; tokens come from Keycloak's own token
 * machinery (user session, client scopes, protocol mappers, events), and refresh is the standard refresh_token grant.
 *
 * <p>Keycloak's grant SPI is internal; this class keeps to what the built-in client-credentials grant uses, and the
 * integration tests run it on every build, so a change of the SPI fails the build, not production.
 */
public class MiniProgramGrantType extends OAuth2GrantTypeBase {

    /** The client attribute naming the Mini Program provider a client may use this grant with. */
    public static final String CLIENT_ATTRIBUTE = "wechat.miniprogram.provider";
    static final String CODE = "code";
    static final String PHONE_CODE = "phone_code";
    private static final String AUTH_METHOD = "wechat-miniprogram";
    private static final Logger LOG = Logger.getLogger(MiniProgramGrantType.class);

    @Override
    public Response process(Context context) {
        setContext(context);
        event.detail(Details.AUTH_METHOD, AUTH_METHOD);
        IdentityProviderModel provider = boundProvider();
        MiniProgramConfig config = new MiniProgramConfig(provider);
        event.detail(Details.IDENTITY_PROVIDER, provider.getAlias());
        String code = formParams.getFirst(CODE);
        if (code == null || code.isBlank()) {
            throw refused(new GrantRefusedException(OAuthErrorException.INVALID_REQUEST, "Missing parameter: code", 400),
                    Errors.INVALID_REQUEST);
        }
        String scope = TokenUtil.attachOIDCScope(getRequestedScopes());
        Resolved account;
        try {
            MiniProgramApi api = factory().api(session, config);
            MiniProgramLogin login = api.codeToSession(code);
            String phoneCode = formParams.getFirst(PHONE_CODE);
            account = new MiniProgramAccounts(session, realm, config).resolve(login,
                    phoneCode == null || phoneCode.isBlank() ? null : () -> api.phoneNumber(phoneCode));
        } catch (GrantRefusedException e) {
            throw refused(e, Errors.INVALID_USER_CREDENTIALS);
        } catch (WeChatApiException e) {
            LOG.warnf("Mini Program provider %s: WeChat refused the login: errcode %d (%s)", provider.getAlias(),
                    e.errcode(), e.errmsg());
            throw refused(fromWeChat(e), Errors.INVALID_CODE);
        } catch (ProviderMisconfiguredException e) {
            LOG.warnf("Mini Program provider %s is misconfigured: %s", provider.getAlias(), e.getMessage());
            throw refused(new GrantRefusedException(OAuthErrorException.SERVER_ERROR,
                    "WeChat sign-in is not configured correctly", 500), Errors.IDENTITY_PROVIDER_ERROR);
        }
        if (account.created()) {
            event.clone().event(EventType.REGISTER).user(account.user())
                    .detail(Details.REGISTER_METHOD, AUTH_METHOD).success();
        } else if (account.linked()) {
            event.clone().event(EventType.FEDERATED_IDENTITY_LINK).user(account.user()).success();
        }
        return tokens(account, scope);
    }

    /** The client must name an enabled Mini Program provider of this realm; every other client is refused. */
    private IdentityProviderModel boundProvider() {
        String alias = client.getAttribute(CLIENT_ATTRIBUTE);
        IdentityProviderModel provider = alias == null || alias.isBlank() ? null : session.identityProviders().getByAlias(alias);
        if (provider == null || !provider.isEnabled()
                || WeChatProviders.factoryWith(session, provider, MiniProgramIdentityProviderFactory.class).isEmpty()) {
            throw refused(new GrantRefusedException(OAuthErrorException.UNAUTHORIZED_CLIENT,
                    "The client is not bound to an enabled WeChat Mini Program provider (client attribute "
                            + CLIENT_ATTRIBUTE + ")", 400), Errors.NOT_ALLOWED);
        }
        return provider;
    }

    private Response tokens(Resolved account, String scope) {
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = root.createAuthenticationSession(client);
        authSession.setAuthenticatedUser(account.user());
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setClientNote(OIDCLoginProtocol.ISSUER,
                Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);
        UserSessionModel userSession = new UserSessionManager(session).createUserSession(root.getId(), realm,
                account.user(), account.user().getUsername(), clientConnection.getRemoteHost(), AUTH_METHOD, false, null,
                null, UserSessionModel.SessionPersistenceState.PERSISTENT);
        event.user(account.user()).session(userSession).detail(Details.USERNAME, account.user().getUsername());
        AuthenticationManager.setClientScopesInSession(session, authSession);
        ClientSessionContext clientSessionCtx = TokenManager.attachAuthenticationSession(session, userSession, authSession);
        updateUserSessionFromClientAuth(userSession);
        return createTokenResponse(account.user(), userSession, clientSessionCtx, scope, true, null);
    }

    private CorsErrorResponseException refused(GrantRefusedException e, String eventError) {
        event.detail(Details.REASON, e.getMessage());
        event.error(eventError);
        return new CorsErrorResponseException(cors, e.error(), e.getMessage(), Response.Status.fromStatusCode(e.status()));
    }

    private static GrantRefusedException fromWeChat(WeChatApiException e) {
        if (e instanceof InvalidOAuthCodeException) {
            return GrantRefusedException.invalidGrant("The code is invalid, expired or already used (WeChat errcode "
                    + e.errcode() + "); call wx.login() again");
        }
        if (e instanceof RiskyUserException) {
            return GrantRefusedException.invalidGrant("WeChat's risk control refused this account (errcode 40226)");
        }
        if (e instanceof RateLimitedException) {
            return new GrantRefusedException("temporarily_unavailable",
                    "WeChat is limiting requests (errcode " + e.errcode() + "); try again in a minute", 503);
        }
        return new GrantRefusedException("temporarily_unavailable", "WeChat cannot be reached right now", 503);
    }

    private MiniProgramIdentityProviderFactory factory() {
        return WeChatProviders.factoryWith(session, MiniProgramIdentityProviderFactory.PROVIDER_ID,
                MiniProgramIdentityProviderFactory.class).orElseThrow();
    }

    @Override
    public EventType getEventType() {
        return EventType.LOGIN;
    }

    @Override
    public Set<String> getTokenParameterNames() {
        return Set.of();
    }
}
