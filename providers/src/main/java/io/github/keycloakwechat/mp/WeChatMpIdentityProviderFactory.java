package io.github.keycloakwechat.mp;

import io.github.keycloakwechat.api.AccessTokenCache;
import io.github.keycloakwechat.api.WeChatHttp;
import io.github.keycloakwechat.api.WeChatMpApi;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.broker.provider.AbstractIdentityProviderFactory;
import org.keycloak.broker.social.SocialIdentityProvider;
import org.keycloak.broker.social.SocialIdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The {@code wechat-mp} identity provider. One factory exists per node, so it owns the node's HTTP client and
 * access-token cache: every login on this node shares one token per Service Account instead of fetching one each.
 */
public class WeChatMpIdentityProviderFactory extends AbstractIdentityProviderFactory<WeChatMpIdentityProvider>
        implements SocialIdentityProviderFactory<WeChatMpIdentityProvider> {

    public static final String PROVIDER_ID = "wechat-mp";

    private WeChatHttp http;
    private AccessTokenCache tokens;

    @Override
    public void init(Config.Scope config) {
        http = new WeChatHttp();
        tokens = new AccessTokenCache(http);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getName() {
        return "WeChat Service Account (微信服务号)";
    }

    @Override
    public WeChatMpIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new WeChatMpIdentityProvider(session, new WeChatMpConfig(model), this);
    }

    @Override
    public WeChatMpConfig createConfig() {
        return new WeChatMpConfig();
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return WeChatMpSetting.configProperties();
    }

    public WeChatMpApi api(KeycloakSession session, WeChatMpConfig config) {
        return new WeChatMpApi(http, tokens, config.credentials(session));
    }

    /** The node's factory, for the realm resource endpoints that act on behalf of a configured provider. */
    public static WeChatMpIdentityProviderFactory of(KeycloakSession session) {
        Object factory = session.getKeycloakSessionFactory().getProviderFactory(SocialIdentityProvider.class, PROVIDER_ID);
        return (WeChatMpIdentityProviderFactory) factory;
    }
}
