package io.github.keycloakwechat.mp;

import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.api.WebOAuthApi;
import io.github.keycloakwechat.broker.LoginFailure;
import io.github.keycloakwechat.broker.ProviderMisconfiguredException;
import io.github.keycloakwechat.broker.WeChatIdentityProvider;
import io.github.keycloakwechat.broker.WeChatUserAgent;
import io.github.keycloakwechat.qr.QrLoginPage;
import io.github.keycloakwechat.qr.QrLoginService;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Service Account (公众号/服务号) login: a parametric QR code that the person scans (and follows) in WeChat, or,
 * inside WeChat's own browser, web OAuth. Both end at the broker endpoint with the same openid, so they yield the
 * same Keycloak user.
 */
public class WeChatMpIdentityProvider extends WeChatIdentityProvider<WeChatMpConfig> {

    private final WeChatMpIdentityProviderFactory factory;

    public WeChatMpIdentityProvider(KeycloakSession session, WeChatMpConfig config, WeChatMpIdentityProviderFactory factory) {
        super(session, config);
        this.factory = factory;
    }

    WeChatMpIdentityProviderFactory factory() {
        return factory;
    }

    @Override
    protected WebOAuthApi webOAuth() {
        return factory.oauth(session, getConfig());
    }

    @Override
    protected boolean webOAuthReadsProfile() {
        return getConfig().inWeChatScope() == InWeChatScope.SNSAPI_USERINFO;
    }

    @Override
    public Response performLogin(AuthenticationRequest request) {
        String userAgent = request.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.USER_AGENT);
        QrLoginPage page = new QrLoginPage(session, request.getAuthenticationSession());
        try {
            if (WeChatUserAgent.isWeChat(userAgent) && getConfig().inWeChatScope() != InWeChatScope.OFF) {
                return Response.seeOther(getConfig().inWeChatAuthorizeUrl(request.getRedirectUri(),
                        getConfig().inWeChatScope(), request.getState().getEncoded())).build();
            }
            return page.show(new QrLoginService(session, factory.qrIssuer(session, getConfig()), factory.qrIssueLimiter()),
                    request.getRedirectUri(),
                    request.getState().getEncoded());
        } catch (WeChatApiException | ProviderMisconfiguredException e) {
            return page.error(getConfig().getAlias(),
                    LoginFailure.messageKey(getConfig().getAlias(), "issuing a login QR", e));
        }
    }

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return new WeChatMpEndpoint(session, this, callback);
    }
}
