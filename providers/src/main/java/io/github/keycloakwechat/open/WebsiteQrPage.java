package io.github.keycloakwechat.open;

import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * WeChat's website-login panel (wxLogin.js) inside Keycloak's page, rendered from {@code wechat-open-qr.ftl}. Only
 * this page's CSP admits WeChat's origin, and only for the panel's frame. The panel navigates the top window to the
 * broker endpoint with the code, so the login page around it (or its QR tab) moves on by itself.
 */
final class WebsiteQrPage {

    static final String TEMPLATE = "wechat-open-qr.ftl";

    private final KeycloakSession session;
    private final AuthenticationSessionModel login;
    private final WeChatOpenConfig config;

    WebsiteQrPage(KeycloakSession session, AuthenticationSessionModel login, WeChatOpenConfig config) {
        this.session = session;
        this.login = login;
        this.config = config;
    }

    Response show(String brokerEndpoint, String state) {
        session.getProvider(SecurityHeadersProvider.class).options().allowFrameSrc(config.panelOrigin());
        Map<String, Object> panel = new HashMap<>();
        panel.put("scriptUrl", config.wxLoginScriptUrl());
        panel.put("appId", config.appId());
        panel.put("scope", WeChatOpenIdentityProvider.SCOPE);
        panel.put("redirectUri", brokerEndpoint);
        panel.put("state", state);
        panel.put("lang", config.language().configValue());
        return form().setAttribute("wechatOpen", panel).createForm(TEMPLATE);
    }

    Response error(String messageKey) {
        return form().setAttribute("wechatError", messageKey)
                .setStatus(Response.Status.SERVICE_UNAVAILABLE)
                .createForm(TEMPLATE);
    }

    private LoginFormsProvider form() {
        return session.getProvider(LoginFormsProvider.class).setAuthenticationSession(login);
    }
}
