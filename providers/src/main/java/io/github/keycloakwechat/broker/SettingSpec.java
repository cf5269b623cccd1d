package io.github.keycloakwechat.broker;

import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * How one provider setting appears in the admin console and what it defaults to. Declared once per setting, in the
 * provider's setting enum; the console form and the typed config read the same declaration.
 */
public record SettingSpec(String key, String label, String helpText, String type, String defaultValue, boolean secret,
                          List<String> options) {

    public static SettingSpec text(String key, String label, String helpText, String defaultValue) {
        return new SettingSpec(key, label, helpText, ProviderConfigProperty.STRING_TYPE, defaultValue, false, List.of());
    }

    public static SettingSpec longText(String key, String label, String helpText) {
        return new SettingSpec(key, label, helpText, ProviderConfigProperty.TEXT_TYPE, null, false, List.of());
    }

    /** Masked in the console; the value is expected to be a vault reference. */
    public static SettingSpec secret(String key, String label, String helpText) {
        return new SettingSpec(key, label, helpText, ProviderConfigProperty.PASSWORD, null, true, List.of());
    }

    public static SettingSpec choice(String key, String label, String helpText, String defaultValue, String... options) {
        return new SettingSpec(key, label, helpText, ProviderConfigProperty.LIST_TYPE, defaultValue, false,
                List.of(options));
    }
}
