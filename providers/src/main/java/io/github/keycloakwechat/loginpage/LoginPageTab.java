package io.github.keycloakwechat.loginpage;

import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;

/** The "Login page" tab itself holds nothing: its factory describes the form and stores what is saved. */
final class LoginPageTab implements UiTabProvider {

    @Override
    public String getHelpText() {
        return LoginPageTabFactory.HELP_TEXT;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return LoginPageTabFactory.CONFIG_PROPERTIES;
    }

    @Override
    public void close() {
    }
}
