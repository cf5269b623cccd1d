package io.github.keycloakwechat.condition;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** "Condition - client app": for a conditional sub-flow of the browser flow. */
public class ClientAppConditionFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "conditional-client-app";
    static final String CLIENT_APP = "clientApp";
    static final String WHILE_ENABLED = "whileProviderEnabled";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};

    @Override
    public ConditionalAuthenticator getSingleton() {
        return ClientAppCondition.SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - client app";
    }

    @Override
    public String getHelpText() {
        return "True when the browser is the chosen app: the WeCom client (wxwork), WeChat's browser (MicroMessenger "
                + "without wxwork) or neither. For routing only, never for trust.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(CLIENT_APP).label("Client app").type(ProviderConfigProperty.LIST_TYPE)
                .options(ClientApp.WECOM.configValue(), ClientApp.WECHAT.configValue(), ClientApp.NEITHER.configValue())
                .defaultValue(ClientApp.WECOM.configValue())
                .helpText("wecom: the WeCom client. wechat: WeChat's browser. neither: any other browser.")
                .add()
                .property().name(WHILE_ENABLED).label("Only while this provider is enabled")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Optional: the alias of the identity provider the sub-flow redirects to. While it is disabled "
                        + "or missing the condition is false, so the login page shows instead of an error.")
                .add().build();
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENTS;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
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
