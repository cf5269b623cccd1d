package io.github.keycloakwechat.wecom;

import io.github.keycloakwechat.api.GetTokenSource;
import io.github.keycloakwechat.api.WeComApi;
import io.github.keycloakwechat.api.WeComErrcodes;
import io.github.keycloakwechat.broker.ProviderSetting;
import io.github.keycloakwechat.broker.WeChatApiClients;
import io.github.keycloakwechat.broker.WeChatIdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/** The {@code wecom} identity provider: WeCom (企业微信) web login and in-client OAuth. */
public class WeComIdentityProviderFactory extends WeChatIdentityProviderFactory<WeComIdentityProvider> {

    public static final String PROVIDER_ID = "wecom";

    @Override
    protected WeChatApiClients newApiClients() {
        return new WeChatApiClients(WeComErrcodes.TABLE, new GetTokenSource());
    }

    @Override
    protected ProviderSetting[] settings() {
        return WeComSetting.values();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getName() {
        return "WeCom (企业微信)";
    }

    @Override
    public WeComIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new WeComIdentityProvider(session, new WeComConfig(model), this);
    }

    @Override
    public WeComConfig createConfig() {
        return new WeComConfig();
    }

    WeComApi api(KeycloakSession session, WeComConfig config) {
        return new WeComApi(apiClients().http(session), apiClients().tokens(), config.credentials(session));
    }
}
