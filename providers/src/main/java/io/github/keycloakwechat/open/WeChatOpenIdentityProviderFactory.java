package io.github.keycloakwechat.open;

import io.github.keycloakwechat.api.WeChatErrcodes;
import io.github.keycloakwechat.api.WebOAuthApi;
import io.github.keycloakwechat.broker.ProviderMisconfiguredException;
import io.github.keycloakwechat.broker.ProviderSetting;
import io.github.keycloakwechat.broker.WeChatApiClients;
import io.github.keycloakwechat.broker.WeChatIdentityProviderFactory;
import io.github.keycloakwechat.qr.QrPageFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/** The {@code wechat-open} identity provider: WeChat Open Platform website login. */
public class WeChatOpenIdentityProviderFactory extends WeChatIdentityProviderFactory<WeChatOpenIdentityProvider>
        implements QrPageFactory {

    public static final String PROVIDER_ID = "wechat-open";

    @Override
    protected WeChatApiClients newApiClients() {
        // Website login is web OAuth only: no server access token.
        return new WeChatApiClients(WeChatErrcodes.TABLE);
    }

    @Override
    protected ProviderSetting[] settings() {
        return WeChatOpenSetting.values();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getName() {
        return "WeChat website login (微信网站应用)";
    }

    @Override
    public WeChatOpenIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new WeChatOpenIdentityProvider(session, new WeChatOpenConfig(model), this);
    }

    @Override
    public WeChatOpenConfig createConfig() {
        return new WeChatOpenConfig();
    }

    WebOAuthApi oauth(KeycloakSession session, WeChatOpenConfig config) {
        return new WebOAuthApi(apiClients().http(session), config.credentials(session));
    }

    @Override
    public boolean showsQrPage(IdentityProviderModel model) {
        try {
            return new WeChatOpenConfig(model).loginMode() == WebsiteLoginMode.EMBEDDED;
        } catch (ProviderMisconfiguredException e) {
            return false;
        }
    }
}
