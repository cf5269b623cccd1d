package io.github.keycloakwechat.diagnostics;

import java.util.List;
import org.keycloak.component.ComponentModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The fields of the "WeChat diagnostics" tab's form: the provider the admin asks about, and the answer. */
enum DiagnosticsTabField {

    /** The alias of the provider to check; required, so that Save always means "run the checks". */
    ALIAS("alias", ProviderConfigProperty.STRING_TYPE, true),
    /**
     * The last report, as text. A script field: of the multi-line fields of Keycloak 26.7.3's admin console it is the
     * one that shows a whole report (600 px high, monospace); a text field shows two lines. It shows its help text
     * untranslated, so it has none: the alias field's help says what the report is.
     */
    REPORT("report", ProviderConfigProperty.SCRIPT_TYPE, false);

    private final String name;
    private final String type;
    private final boolean required;

    DiagnosticsTabField(String name, String type, boolean required) {
        this.name = name;
        this.type = type;
        this.required = required;
    }

    /** The key in the tab component's config, and the field's id in the admin console. */
    String fieldName() {
        return name;
    }

    /** No dots in keys: the admin console's i18next would read them as nesting. */
    String labelKey() {
        return "wechatDiagnostics" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** Null where the admin console would show the key instead of its text. */
    String helpKey() {
        return type.equals(ProviderConfigProperty.SCRIPT_TYPE) ? null : labelKey() + "Help";
    }

    /** The trimmed value the form sent; empty when absent or blank. */
    String valueIn(ComponentModel model) {
        String value = model.getConfig() == null ? null : model.getConfig().getFirst(name);
        return value == null ? "" : value.trim();
    }

    static List<ProviderConfigProperty> configProperties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (DiagnosticsTabField field : values()) {
            builder.property()
                    .name(field.name)
                    .label(field.labelKey())
                    .helpText(field.helpKey())
                    .type(field.type)
                    .required(field.required)
                    .add();
        }
        return builder.build();
    }
}
