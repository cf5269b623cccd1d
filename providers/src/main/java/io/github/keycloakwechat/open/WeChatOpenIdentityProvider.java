package io.github.keycloakwechat.open;

import io.github.keycloakwechat.api.WebOAuthApi;
import io.github.keycloakwechat.broker.LoginFailure;
import io.github.keycloakwechat.broker.ProviderMisconfiguredException;
import io.github.keycloakwechat.broker.WeChatIdentityProvider;
import jakarta.ws.rs.core.Response;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.models.KeycloakSession;

/**
 * Open Platform website login (网站应用微信登录): WeChat's QR page ({@code connect/qrconnect}, scope
 * {@code snsapi_login}), or its panel inside Keycloak's page; the code comes back to the broker endpoint and is
 * exchanged server-side. The identity is the openid of the website app; the unionid links it to the person's other
 * WeChat apps.
 */
public class WeChatOpenIdentityProvider extends WeChatIdentityProvider<WeChatOpenConfig> {

    static final String SCOPE = "snsapi_login";

    private final WeChatOpenIdentityProviderFactory factory;

    public WeChatOpenIdentityProvider(KeycloakSession session, WeChatOpenConfig config,
                                      WeChatOpenIdentityProviderFactory factory) {
        super(session, config);
        this.factory = factory;
    }

    @Override
    public Response performLogin(AuthenticationRequest request) {
        WeChatOpenConfig config = getConfig();
        try {
            String state = request.getState().getEncoded();
            if (config.loginMode() == WebsiteLoginMode.EMBEDDED) {
                return new WebsiteQrPage(session, request.getAuthenticationSession(), config)
                        .show(request.getRedirectUri(), state);
            }
            return Response.seeOther(WebOAuthApi.authorizeUrl(config.oauthBaseUrl(), WebOAuthApi.WEBSITE_AUTHORIZE_PATH,
                    config.appId(), request.getRedirectUri(), SCOPE, state, config.language().configValue())).build();
        } catch (ProviderMisconfiguredException e) {
            return new WebsiteQrPage(session, request.getAuthenticationSession(), config)
                    .error(LoginFailure.messageKey(config.getAlias(), "starting a website login", e));
        }
    }

    @Override
    protected WebOAuthApi webOAuth() {
        return factory.oauth(session, getConfig());
    }

    @Override
    protected boolean webOAuthReadsProfile() {
        // snsapi_login always allows sns/userinfo.
        return true;
    }
}
