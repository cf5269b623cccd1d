package io.github.keycloakwechat.broker;

import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.diagnostics.DiagnosableFactory;
import io.github.keycloakwechat.diagnostics.DiagnosticCheck;
import io.github.keycloakwechat.identity.WeChatFamilyFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.keycloak.Config;
import org.keycloak.broker.provider.AbstractIdentityProviderFactory;
import org.keycloak.broker.social.SocialIdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The factory every WeChat-family provider shares: one per node, so it owns the node's API machinery (token cache,
 * call deadlines) for its product, and it builds the admin console form from the provider's settings followed by the
 * {@link SharedSetting}s.
 */
public abstract class WeChatIdentityProviderFactory<P extends WeChatIdentityProvider<?>>
        extends AbstractIdentityProviderFactory<P>
        implements SocialIdentityProviderFactory<P>, WeChatFamilyFactory, DiagnosableFactory {

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

    /** The access-token check; providers that do more (QR codes, pushes) add theirs. */
    @Override
    public List<DiagnosticCheck> diagnose(KeycloakSession session, IdentityProviderModel model) {
        List<DiagnosticCheck> checks = new ArrayList<>();
        checks.add(accessTokenCheck(session, create(session, model).getConfig()));
        return checks;
    }

    private DiagnosticCheck accessTokenCheck(KeycloakSession session, WeChatProviderConfig config) {
        String check = "access-token";
        if (!apiClients().hasTokenSource()) {
            return DiagnosticCheck.skipped(check, getName() + " has no server access token; its AppSecret is first"
                    + " used when a person signs in");
        }
        try {
            long lifetime = apiClients().tokens().fetchPastCache(apiClients().http(session),
                    config.credentials(session));
            return DiagnosticCheck.ok(check, "Fetched an access token (valid " + lifetime + " s): the app's ID and"
                    + " secret, and this server's IP, are accepted", Map.of("apiBaseUrl", config.apiBaseUrl()));
        } catch (WeChatApiException | ProviderMisconfiguredException e) {
            return DiagnosticCheck.failed(check, "Fetching an access token", e);
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderSetting.configProperties(Stream.concat(Stream.of(settings()), Stream.of(SharedSetting.values()))
                .toArray(ProviderSetting[]::new));
    }
}
