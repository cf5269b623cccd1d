package io.github.keycloakwechat.identity;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** "Link WeChat account by unionid", for first broker login flows. */
public class UnionidLinkAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "wechat-unionid-link";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.ALTERNATIVE, AuthenticationExecutionModel.Requirement.DISABLED};

    @Override
    public Authenticator create(KeycloakSession session) {
        return new UnionidLinkAuthenticator();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Link WeChat account by unionid";
    }

    @Override
    public String getReferenceCategory() {
        return "wechat-unionid";
    }

    @Override
    public String getHelpText() {
        return "Links a WeChat login, without a prompt, to the one existing user whose wechat_unionid equals the unionid "
                + "WeChat returned. Otherwise hands over to the next alternative. Put it first in "
                + "'User creation or linking' of a copy of 'first broker login'.";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
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
