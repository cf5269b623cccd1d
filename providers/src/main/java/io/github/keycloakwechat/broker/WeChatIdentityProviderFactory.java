package io.github.keycloakwechat.broker;

import io.github.keycloakwechat.identity.WeChatFamilyFactory;
import java.util.List;
import java.util.stream.Stream;
import org.keycloak.Config;
import org.keycloak.broker.provider.AbstractIdentityProviderFactory;
import org.keycloak.broker.social.SocialIdentityProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The factory every WeChat-family provider shares: one per node, so it owns the node's API machinery (token cache,
 * call deadlines) for its product, and it builds the admin console form from the provider's settings followed by the
 * {@link SharedSetting}s.
 */
public abstract class WeChatIdentityProviderFactory<P extends WeChatIdentityProvider<?>>
        extends AbstractIdentityProviderFactory<P> implements SocialIdentityProviderFactory<P>, WeChatFamilyFactory {

    private WeChatApiClients clients;

    /** The product's API machinery: its errcode table and how it fetches access tokens. */
    protected abstract WeChatApiClients newApiClients();

    /** The provider's own settings, in the order the admin console shows them. */
    protected abstract ProviderSetting[] settings();

    protected WeChatApiClients apiClients() {
        return clients;
    }

    @Override
    public void init(Config.Scope config) {
        clients = newApiClients();
    }

    @Override
    public void close() {
        if (clients != null) {
            clients.close();
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderSetting.configProperties(Stream.concat(Stream.of(settings()), Stream.of(SharedSetting.values()))
                .toArray(ProviderSetting[]::new));
    }
}
