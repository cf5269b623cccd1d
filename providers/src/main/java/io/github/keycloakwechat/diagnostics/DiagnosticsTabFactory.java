package io.github.keycloakwechat.diagnostics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * The "WeChat diagnostics" tab in Realm settings of the admin console (needs {@code --features=declarative-ui}): the
 * admin types a provider's alias and presses Save; the checks of {@link WeChatDiagnostics} run, and their report is
 * kept in the tab's form. Shaped by what Keycloak 26.7.3's admin console does with such a tab (its
 * {@code PageHandler}):
 *
 * <ul>
 *   <li>the tab is a form whose only action is Save, which creates or updates a component of the realm: Save is the
 *       "run" button, and saving a component needs manage-realm, which is what the diagnostics need;</li>
 *   <li>the form is read from the component when the tab opens, not after Save: the report shows once the tab is
 *       opened again (reloading the page);</li>
 *   <li>{@code validateConfiguration} is the one hook that runs before Keycloak stores the component, with the model it
 *       stores, so the report is written there (Keycloak's generated-key providers write their keys there too);
 *       {@code onCreate}/{@code onUpdate} run after the component is stored;</li>
 *   <li>{@link ProviderConfigProperty#isReadOnly()} does not reach the admin console (the server info leaves it out),
 *       so the report field can be typed in; the next run replaces whatever was typed.</li>
 * </ul>
 *
 * The alias is consumed by the run: Keycloak also validates components it imports, so a realm exported with this tab
 * carries the last report but no request, and importing it checks nothing.
 */
public class DiagnosticsTabFactory implements UiTabProviderFactory<ComponentModel> {

    /** Also the tab's title key in the admin console's messages, and its path under realm settings. */
    public static final String PROVIDER_ID = "wechat-diagnostics";
    static final String HELP_TEXT = "wechatDiagnosticsTabHelp";
    static final String UNKNOWN_PROVIDER = "wechatDiagnosticsUnknownProvider";

    static final List<ProviderConfigProperty> CONFIG_PROPERTIES = List.copyOf(DiagnosticsTabField.configProperties());

    @Override
    public ComponentModel create(KeycloakSession session, ComponentModel model) {
        return model;
    }

    @Override
    public UiTabProvider create(KeycloakSession session) {
        return new DiagnosticsTab();
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", PROVIDER_ID);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return HELP_TEXT;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    /** Runs the checks the form asks for and writes their report into the component about to be stored. */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        String alias = DiagnosticsTabField.ALIAS.valueIn(model);
        if (alias.isEmpty()) {
            return; // an import, or a REST client saving without a request: the stored report stays as it is
        }
        // A message key with the alias as its parameter: Keycloak localizes it for the admin console's error alert.
        WeChatDiagnostics.Report report = WeChatDiagnostics.run(session, alias)
                .orElseThrow(() -> new ComponentValidationException(UNKNOWN_PROVIDER, alias));
        model.put(DiagnosticsTabField.REPORT.fieldName(), ReportText.of(report, Instant.now()));
        model.getConfig().remove(DiagnosticsTabField.ALIAS.fieldName());
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
