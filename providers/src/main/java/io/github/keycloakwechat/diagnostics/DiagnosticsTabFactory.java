package io.github.keycloakwechat.diagnostics;

import io.github.keycloakwechat.adminui.RealmSettingsTabFactory;
import java.time.Instant;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

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
public class DiagnosticsTabFactory extends RealmSettingsTabFactory {

    /** Also the tab's title key in the admin console's messages, and its path under realm settings. */
    public static final String PROVIDER_ID = "wechat-diagnostics";
    static final String HELP_TEXT = "wechatDiagnosticsTabHelp";
    static final String UNKNOWN_PROVIDER = "wechatDiagnosticsUnknownProvider";

    public DiagnosticsTabFactory() {
        super(PROVIDER_ID, HELP_TEXT, DiagnosticsTabField.configProperties());
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
}
