package io.github.keycloakwechat.loginpage;

import io.github.keycloakwechat.broker.WeChatProviders;
import io.github.keycloakwechat.broker.WeChatUserAgent;
import io.github.keycloakwechat.qr.QrPageFactory;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.forms.login.freemarker.FreeMarkerLoginFormsProvider;
import org.keycloak.forms.login.freemarker.model.IdentityProviderBean;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.theme.Theme;

/**
 * Keycloak's own FreeMarker login forms, plus, for a theme that declares {@code wechatLoginPage=true} (the
 * {@code wechat} theme and its children), the page settings as {@code wechatPage} and the iframe's origin in the
 * response's CSP {@code frame-src}. Settings are read from the realm (and client) on every render: a change shows on
 * the next page load although templates are cached.
 */
public class LoginPageFormsProvider extends FreeMarkerLoginFormsProvider {

    /** The theme property that opts a login theme into the settings. */
    public static final String THEME_PROPERTY = "wechatLoginPage";

    private static final Logger LOG = Logger.getLogger(LoginPageFormsProvider.class);

    private final ProblemLog problemLog;

    public LoginPageFormsProvider(KeycloakSession session, ProblemLog problemLog) {
        super(session);
        this.problemLog = problemLog;
    }

    @Override
    protected Response processTemplate(Theme theme, String templateName, Locale locale) {
        try {
            if (usesLoginPageSettings(theme)) {
                attributes.put(LoginPageModel.ATTRIBUTE, model());
            }
        } catch (RuntimeException e) {
            // The page must render even if the settings cannot be read; the template falls back to its defaults.
            LOG.warn("Could not apply the login page settings; rendering the default page", e);
            attributes.remove(LoginPageModel.ATTRIBUTE);
        }
        return super.processTemplate(theme, templateName, locale);
    }

    private static boolean usesLoginPageSettings(Theme theme) {
        try {
            return theme != null && "true".equals(theme.getProperties().getProperty(THEME_PROPERTY));
        } catch (IOException e) {
            return false;
        }
    }

    private LoginPageModel model() {
        RealmModel currentRealm = session.getContext().getRealm();
        ClientModel currentClient = authenticationSession != null ? authenticationSession.getClient()
                : session.getContext().getClient();
        Map<String, String> clientAttributes = currentClient == null ? Map.of() : currentClient.getAttributes();
        LoginPageSettings settings = LoginPageSettings.read(currentRealm.getAttributes(), clientAttributes,
                problemLog.forRealm(currentRealm.getName(), currentClient == null ? null : currentClient.getClientId()));

        if (settings.enabled()) {
            settings.leftFrame().ifPresent(frame ->
                    session.getProvider(SecurityHeadersProvider.class).options().allowFrameSrc(frame.origin()));
        }

        String systemName = settings.customSystemName().orElseGet(() ->
                Optional.ofNullable(currentRealm.getDisplayName()).filter(n -> !n.isBlank()).orElse(currentRealm.getName()));

        List<IdentityProviderBean.IdentityProvider> providers = socialProviders();
        IdentityProviderBean.IdentityProvider qrProvider = providers.stream()
                .filter(this::showsQrPage)
                .findFirst().orElse(null);

        // As Keycloak's own login page decides whether to show the password form at all.
        boolean password = currentRealm.getRequiredCredentialsStream()
                .anyMatch(c -> CredentialRepresentation.PASSWORD.equals(c.getType()));
        List<String> tabs = new ArrayList<>();
        for (LoginMethod method : settings.methods()) {
            if (method == LoginMethod.PASSWORD && password) {
                tabs.add(method.configValue());
            } else if (method == LoginMethod.QR && qrProvider != null && !insideWeChat()) {
                tabs.add(method.configValue());
            }
        }
        String defaultTab = tabs.contains(settings.defaultMethod().configValue()) ? settings.defaultMethod().configValue()
                : tabs.isEmpty() ? null : tabs.get(0);
        boolean qrTab = tabs.contains(LoginMethod.QR.configValue());
        // Appended as text: rebuilding the URL could re-encode the session code and client data Keycloak put in it.
        String qrFrameUrl = qrTab ? qrProvider.getLoginUrl() + (qrProvider.getLoginUrl().contains("?") ? "&" : "?")
                + LoginPageModel.EMBEDDED_PARAMETER + "=1" : null;
        List<IdentityProviderBean.IdentityProvider> buttons = providers.stream()
                .filter(p -> !(qrTab && p == qrProvider))
                .toList();
        return new LoginPageModel(settings, systemName, tabs, defaultTab, qrFrameUrl, buttons, isEmbeddedRequest());
    }

    /** Whether this provider shows a QR on a page of its own, for the QR tab (decided by capability, not by id). */
    private boolean showsQrPage(IdentityProviderBean.IdentityProvider provider) {
        return WeChatProviders.factoryWith(session, provider.getProviderId(), QrPageFactory.class)
                .map(factory -> factory.showsQrPage(session.identityProviders().getByAlias(provider.getAlias())))
                .orElse(false);
    }

    private List<IdentityProviderBean.IdentityProvider> socialProviders() {
        Object social = attributes.get("social");
        if (social instanceof IdentityProviderBean bean && bean.getProviders() != null) {
            return bean.getProviders();
        }
        return List.of();
    }

    /** Inside WeChat a QR cannot be scanned and the provider signs in by web OAuth: offer its button instead. */
    private boolean insideWeChat() {
        return WeChatUserAgent.isWeChat(session.getContext().getRequestHeaders().getHeaderString("User-Agent"));
    }

    private boolean isEmbeddedRequest() {
        return "1".equals(session.getContext().getUri().getQueryParameters().getFirst(LoginPageModel.EMBEDDED_PARAMETER));
    }
}
