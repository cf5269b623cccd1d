package io.github.keycloakwechat.loginpage;

import io.github.keycloakwechat.adminui.RealmSettingsTabFactory;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.keycloak.component.ComponentModel;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiTabProvider;

/**
 * The "Login page" tab in Realm settings of the admin console (needs {@code --features=declarative-ui}). The admin
 * console stores the form as a component of the realm; on every save the values are validated like the login page
 * reads them and copied to the realm attributes {@code wechat.loginPage.*}, which are what the login page uses — the
 * same attributes the admin REST API, {@code kcadm.sh} and realm imports set. A realm imported with such attributes
 * gets the tab filled from them. (A later change through the REST API is used by the login page at once, but the
 * tab's form keeps showing what was last saved or imported there: the admin console reads the form from the
 * component, and Keycloak announces no event for a changed realm attribute.)
 *
 * <p>Labels are message keys: the admin console translates them with the {@code theme-resources} messages.
 */
public class LoginPageTabFactory extends RealmSettingsTabFactory {

    /** Also the tab's title key in the admin console's messages. */
    public static final String PROVIDER_ID = "wechat-login-page";
    static final String HELP_TEXT = "wechatLoginPageTabHelp";

    public LoginPageTabFactory() {
        super(PROVIDER_ID, HELP_TEXT, configProperties());
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        List<LoginPageSetting> problems = LoginPageSettings.problemsOf(values(model));
        if (!problems.isEmpty()) {
            // Both are message keys: Keycloak localizes the message and its parameters for the admin console.
            throw new ComponentValidationException("wechatLoginPageInvalid", labelKey(problems.get(0)));
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        copyToRealm(realm, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        copyToRealm(realm, newModel);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                mirrorImportedSettings(created.getCreatedRealm());
            }
        });
    }

    /**
     * A realm imported with {@code wechat.loginPage.*} attributes (e.g. {@code realm-config/demo-realm.json}) gets the
     * tab's component filled from them, so the tab shows what the page uses instead of defaults that one click on
     * "Save" would write over the imported values. Imported as is: the page already copes with bad values.
     */
    private static void mirrorImportedSettings(RealmModel realm) {
        boolean hasSettings = realm.getAttributes().keySet().stream()
                .anyMatch(key -> key.startsWith(LoginPageSetting.ATTRIBUTE_PREFIX));
        boolean hasTab = realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .anyMatch(component -> PROVIDER_ID.equals(component.getProviderId()));
        if (!hasSettings || hasTab) {
            return;
        }
        ComponentModel tab = new ComponentModel();
        tab.setName(PROVIDER_ID);
        tab.setProviderId(PROVIDER_ID);
        tab.setProviderType(UiTabProvider.class.getName());
        tab.setParentId(realm.getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        for (LoginPageSetting setting : LoginPageSetting.values()) {
            String value = realm.getAttribute(setting.attribute());
            config.putSingle(setting.settingName(), value == null ? setting.defaultValue() : value);
        }
        tab.setConfig(config);
        realm.importComponentModel(tab);
    }

    private static void copyToRealm(RealmModel realm, ComponentModel model) {
        // Only the settings the form sent: a component created through the REST API with a few keys leaves the others.
        values(model).forEach((setting, value) -> {
            if (value.isBlank()) {
                realm.removeAttribute(setting.attribute());
            } else {
                realm.setAttribute(setting.attribute(), value);
            }
        });
    }

    private static Map<LoginPageSetting, String> values(ComponentModel model) {
        Map<LoginPageSetting, String> values = new EnumMap<>(LoginPageSetting.class);
        for (LoginPageSetting setting : LoginPageSetting.values()) {
            String value = model.getConfig() == null ? null : model.getConfig().getFirst(setting.settingName());
            if (value != null) {
                values.put(setting, value);
            }
        }
        return values;
    }

    private static List<ProviderConfigProperty> configProperties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (LoginPageSetting setting : LoginPageSetting.values()) {
            String key = labelKey(setting);
            ProviderConfigurationBuilder.ProviderConfigPropertyBuilder property = builder.property()
                    .name(setting.settingName())
                    .label(key)
                    .helpText(key + "Help")
                    .defaultValue(setting.defaultValue())
                    .type(typeOf(setting));
            switch (setting) {
                case LEFT_MODE -> property.options("image", "iframe", "html", "none");
                case DEFAULT_METHOD -> property.options("password", "qr");
                default -> {
                }
            }
            property.add();
        }
        return builder.build();
    }

    /** No dots in keys: the admin console's i18next would read them as nesting. */
    private static String labelKey(LoginPageSetting setting) {
        return "wechatLoginPage" + Character.toUpperCase(setting.settingName().charAt(0)) + setting.settingName().substring(1);
    }

    private static String typeOf(LoginPageSetting setting) {
        return switch (setting) {
            case ENABLED, USE_REALM_NAME, ALLOW_CLIENT_CONTENT -> ProviderConfigProperty.BOOLEAN_TYPE;
            case LEFT_MODE, DEFAULT_METHOD -> ProviderConfigProperty.LIST_TYPE;
            case LEFT_HTML, FOOTER_MARKDOWN -> ProviderConfigProperty.TEXT_TYPE;
            default -> ProviderConfigProperty.STRING_TYPE;
        };
    }
}
