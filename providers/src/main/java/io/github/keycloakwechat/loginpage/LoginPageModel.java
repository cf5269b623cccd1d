package io.github.keycloakwechat.loginpage;

import java.util.List;
import org.keycloak.forms.login.freemarker.model.IdentityProviderBean;

/**
 * What the {@code wechat} theme's templates read as {@code wechatPage}: settings already validated and sanitized,
 * plus what follows from this realm's providers (is there a provider that signs in by QR?). Getters only,
 * because FreeMarker reads JavaBean properties.
 */
public final class LoginPageModel {

    /** The attribute name in the template model. */
    public static final String ATTRIBUTE = "wechatPage";
    /** Added to the QR provider's login URL: the QR page then renders compactly, for the login page's iframe. */
    public static final String EMBEDDED_PARAMETER = "wechat_embedded";

    private final LoginPageSettings settings;
    private final String systemName;
    private final List<String> tabs;
    private final String defaultTab;
    private final String qrFrameUrl;
    private final List<IdentityProviderBean.IdentityProvider> buttons;
    private final boolean embedded;

    LoginPageModel(LoginPageSettings settings, String systemName, List<String> tabs, String defaultTab,
                   String qrFrameUrl, List<IdentityProviderBean.IdentityProvider> buttons, boolean embedded) {
        this.settings = settings;
        this.systemName = systemName;
        this.tabs = List.copyOf(tabs);
        this.defaultTab = defaultTab;
        this.qrFrameUrl = qrFrameUrl;
        this.buttons = List.copyOf(buttons);
        this.embedded = embedded;
    }

    public boolean isEnabled() {
        return settings.enabled();
    }

    /** Rendered inside the login page's QR iframe: only the form, no layout around it. */
    public boolean isEmbedded() {
        return embedded;
    }

    public String getSystemName() {
        return systemName;
    }

    /** {@code image}, {@code iframe}, {@code html} or {@code none}. */
    public String getLeftMode() {
        return settings.leftMode().configValue();
    }

    /** Null: the bundled image. */
    public String getLeftImageUrl() {
        return settings.leftImageUrl().orElse(null);
    }

    public String getLeftFrameUrl() {
        return settings.leftFrame().map(SafeUrl.Frame::url).orElse(null);
    }

    /** Sanitized: safe to print without escaping. */
    public String getLeftHtml() {
        return settings.leftHtml();
    }

    /** Rendered from Markdown and sanitized: safe to print without escaping. */
    public String getFooterHtml() {
        return settings.footerHtml();
    }

    public Palette getPalette() {
        return settings.palette();
    }

    /** The tabs to show, in order: {@code password} and/or {@code qr}; may be empty (then the page shows the form). */
    public List<String> getTabs() {
        return tabs;
    }

    public String getDefaultTab() {
        return defaultTab;
    }

    /** The QR provider's login URL, marked embedded; null when there is no QR tab. */
    public String getQrFrameUrl() {
        return qrFrameUrl;
    }

    /** Whether the realm's other identity providers are shown as buttons. */
    public boolean isShowButtons() {
        return settings.methods().contains(LoginMethod.BUTTONS) || !settings.enabled();
    }

    /** The identity providers to show as buttons (all but the one behind the QR tab). */
    public List<IdentityProviderBean.IdentityProvider> getButtons() {
        return buttons;
    }
}
