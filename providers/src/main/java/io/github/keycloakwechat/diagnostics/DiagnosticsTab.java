package io.github.keycloakwechat.diagnostics;

import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;

/** The "WeChat diagnostics" tab itself holds nothing: its factory describes the form and runs the checks on Save. */
final class DiagnosticsTab implements UiTabProvider {

    @Override
    public String getHelpText() {
        return DiagnosticsTabFactory.HELP_TEXT;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return DiagnosticsTabFactory.CONFIG_PROPERTIES;
    }

    @Override
    public void close() {
    }
}
