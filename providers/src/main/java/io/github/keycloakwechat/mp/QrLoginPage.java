package io.github.keycloakwechat.mp;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The QR login page, rendered with the realm's login theme from {@code wechat-mp-qr.ftl}. The page learns only
 * handles (scene id, URLs); it never sees an openid, and completing needs this browser's auth-session cookie.
 */
final class QrLoginPage {

    static final String TEMPLATE = "wechat-mp-qr.ftl";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final WeChatMpConfig config;
    private final AuthenticationSessionModel authSession;

    QrLoginPage(KeycloakSession session, RealmModel realm, WeChatMpConfig config, AuthenticationSessionModel authSession) {
        this.session = session;
        this.realm = realm;
        this.config = config;
        this.authSession = authSession;
    }

    Response render(IssuedQr qr, String brokerEndpoint, String state) {
        String resourceBase = UriBuilder.fromUri(session.getContext().getUri().getBaseUri())
                .path("realms").path(realm.getName()).path("wechat").path("scan").build().toString();
        Map<String, Object> model = new HashMap<>();
        model.put("image", qr.imageDataUri());
        model.put("scene", qr.sceneId());
        model.put("expiresIn", qr.expiresInSeconds());
        model.put("scanBase", resourceBase);
        model.put("completeUrl", brokerEndpoint + "?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8) + "&scene=");
        model.put("alias", config.getAlias());
        return form().setAttribute("wechatQr", model).createForm(TEMPLATE);
    }

    Response renderError(String messageKey) {
        return form().setAttribute("wechatError", messageKey)
                .setStatus(Response.Status.SERVICE_UNAVAILABLE)
                .createForm(TEMPLATE);
    }

    private LoginFormsProvider form() {
        return session.getProvider(LoginFormsProvider.class).setAuthenticationSession(authSession);
    }
}
