package io.github.keycloakwechat.broker;

import java.util.Optional;
import org.keycloak.broker.social.SocialIdentityProvider;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderFactory;

/**
 * Finds what a configured identity provider can do by asking its factory for a capability (receives pushes, signs in
 * by QR ...), so shared code never names a provider id: a new provider gains a capability by implementing it.
 */
public final class WeChatProviders {

    private WeChatProviders() {
    }

    public static <T> Optional<T> factoryWith(KeycloakSession session, IdentityProviderModel model, Class<T> capability) {
        return model == null ? Optional.empty() : factoryWith(session, model.getProviderId(), capability);
    }

    public static <T> Optional<T> factoryWith(KeycloakSession session, String providerId, Class<T> capability) {
        ProviderFactory<?> factory = providerId == null ? null
                : session.getKeycloakSessionFactory().getProviderFactory(SocialIdentityProvider.class, providerId);
        return capability.isInstance(factory) ? Optional.of(capability.cast(factory)) : Optional.empty();
    }
}
