package io.github.keycloakwechat.mp;

import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.api.WeChatMpApi;
import io.github.keycloakwechat.identity.WeChatIdentity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.AbstractIdentityProvider;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.social.SocialIdentityProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Service Account (公众号/服务号) login: a parametric QR code that the person scans (and follows) in WeChat, or,
 * inside WeChat's own browser, web OAuth. Both end at the broker endpoint with the same openid, so they yield the
 * same Keycloak user.
 */
public class WeChatMpIdentityProvider extends AbstractIdentityProvider<WeChatMpConfig>
        implements SocialIdentityProvider<WeChatMpConfig> {

    private static final Logger LOG = Logger.getLogger(WeChatMpIdentityProvider.class);

    private final WeChatMpIdentityProviderFactory factory;

    public WeChatMpIdentityProvider(KeycloakSession session, WeChatMpConfig config, WeChatMpIdentityProviderFactory factory) {
        super(session, config);
        this.factory = factory;
    }

    WeChatMpApi api() {
        return factory.api(session, getConfig());
    }

    @Override
    public Response performLogin(AuthenticationRequest request) {
        String userAgent = request.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.USER_AGENT);
        if (WeChatUserAgent.isWeChat(userAgent) && getConfig().inWeChatScope() != InWeChatScope.OFF) {
            return Response.seeOther(oauthAuthorizeUrl(request.getRedirectUri(), request.getState().getEncoded())).build();
        }
        AuthenticationSessionModel authSession = request.getAuthenticationSession();
        QrLoginPage page = new QrLoginPage(session, request.getRealm(), getConfig(), authSession);
        try {
            IssuedQr qr = new QrLoginService(session, getConfig(), api())
                    .issue(request.getRealm(), authSession.getParentSession().getId(), authSession.getTabId(), 0);
            return page.render(qr, request.getRedirectUri(), request.getState().getEncoded());
        } catch (WeChatApiException e) {
            LOG.warnf("WeChat refused a login QR code for provider %s: errcode %d (%s)",
                    getConfig().getAlias(), e.errcode(), e.errmsg());
            return page.renderError(WeChatErrors.messageKey(e));
        } catch (IllegalArgumentException e) {
            // e.g. a vault reference that resolves to nothing: the admin must fix it, the person can only go back.
            LOG.warnf("WeChat provider %s is misconfigured: %s", getConfig().getAlias(), e.getMessage());
            return page.renderError("wechatMisconfigured");
        }
    }

    /** WeChat checks the parameter order and needs the #wechat_redirect fragment. */
    URI oauthAuthorizeUrl(String redirectUri, String state) {
        return URI.create(getConfig().oauthBaseUrl() + "/connect/oauth2/authorize"
                + "?appid=" + encode(getConfig().appId())
                + "&redirect_uri=" + encode(redirectUri)
                + "&response_type=code"
                + "&scope=" + getConfig().inWeChatScope().configValue()
                + "&state=" + encode(state)
                + "#wechat_redirect");
    }

    @Override
    public boolean supportsLongStateParameter() {
        // WeChat truncates or rejects a state over 128 bytes.
        return false;
    }

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return new WeChatMpEndpoint(session, this, realm, callback);
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

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
