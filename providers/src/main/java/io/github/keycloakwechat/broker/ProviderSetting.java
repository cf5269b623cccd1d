package io.github.keycloakwechat.broker;

import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * A setting of a WeChat-family identity provider. Each provider lists its settings in an enum implementing this, so a
 * key is written once: the admin console form comes from {@link #configProperties}, the typed config reads
 * {@link #key()}, and tests use the constants.
 */
public interface ProviderSetting {

    SettingSpec spec();

    default String key() {
        return spec().key();
    }

    default String defaultValue() {
        return spec().defaultValue();
    }

    /** The admin console fields, in declaration order. */
    static List<ProviderConfigProperty> configProperties(ProviderSetting... settings) {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (ProviderSetting setting : settings) {
            SettingSpec spec = setting.spec();
            var property = builder.property()
                    .name(spec.key())
                    .label(spec.label())
                    .helpText(spec.helpText())
                    .type(spec.type())
                    .secret(spec.secret());
            if (spec.defaultValue() != null) {
                property.defaultValue(spec.defaultValue());
            }
            if (!spec.options().isEmpty()) {
                property.options(spec.options());
            }
            property.add();
        }
        return builder.build();
    }
}
