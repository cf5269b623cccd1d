package io.github.keycloakwechat.adminui;

import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * A tab of Realm settings in the admin console (declarative UI): a form the console stores as a component of the
 * realm. The tab's id is its path under realm settings and its title's message key; what a save does is the
 * subclass's ({@code validateConfiguration}, {@code onCreate}, {@code onUpdate}).
 */
public abstract class RealmSettingsTabFactory implements UiTabProviderFactory<ComponentModel> {

    private final String id;
    private final String helpText;
    private final List<ProviderConfigProperty> configProperties;

    /** {@code helpText} and the properties' labels are message keys, translated by the admin console. */
    protected RealmSettingsTabFactory(String id, String helpText, List<ProviderConfigProperty> configProperties) {
        this.id = id;
        this.helpText = helpText;
        this.configProperties = List.copyOf(configProperties);
    }

    @Override
    public ComponentModel create(KeycloakSession session, ComponentModel model) {
        return model;
    }

    /** The tab itself holds nothing: the factory describes the form and acts on what is saved. */
    @Override
    public UiTabProvider create(KeycloakSession session) {
        return new UiTabProvider() {
            @Override
            public String getHelpText() {
                return helpText;
            }

            @Override
            public List<ProviderConfigProperty> getConfigProperties() {
                return configProperties;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", id);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String getHelpText() {
        return helpText;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return configProperties;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
