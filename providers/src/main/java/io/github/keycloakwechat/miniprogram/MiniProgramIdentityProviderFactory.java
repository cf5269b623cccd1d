package io.github.keycloakwechat.miniprogram;

import io.github.keycloakwechat.api.MiniProgramApi;
import io.github.keycloakwechat.api.StableTokenSource;
import io.github.keycloakwechat.api.WeChatErrcodes;
import io.github.keycloakwechat.broker.ProviderSetting;
import io.github.keycloakwechat.broker.WeChatApiClients;
import io.github.keycloakwechat.broker.WeChatIdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/** The {@code wechat-miniprogram} identity provider; its logins come through {@link MiniProgramGrantType}. */
public class MiniProgramIdentityProviderFactory extends WeChatIdentityProviderFactory<MiniProgramIdentityProvider> {

    public static final String PROVIDER_ID = "wechat-miniprogram";

    @Override
    protected WeChatApiClients newApiClients() {
        // The phone-number API needs the Mini Program's global access token, from stable_token like the Service Account.
        return new WeChatApiClients(WeChatErrcodes.TABLE, new StableTokenSource());
    }

    @Override
    protected ProviderSetting[] settings() {
        return MiniProgramSetting.values();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getName() {
        return "WeChat Mini Program (微信小程序)";
    }

    @Override
    public MiniProgramIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new MiniProgramIdentityProvider(session, new MiniProgramConfig(model));
    }

    @Override
    public MiniProgramConfig createConfig() {
        return new MiniProgramConfig();
    }

    MiniProgramApi api(KeycloakSession session, MiniProgramConfig config) {
        return new MiniProgramApi(apiClients().http(session), apiClients().tokens(), config.credentials(session));
    }
}
