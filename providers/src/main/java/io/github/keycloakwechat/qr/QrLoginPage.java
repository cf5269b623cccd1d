package io.github.keycloakwechat.qr;

import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.resource.WeChatResourceProviderFactory;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The QR login page, rendered with the realm's login theme from {@code wechat-qr.ftl}. The page learns only handles
 * (scene id, URLs); it never sees an openid, and completing needs this browser's auth-session cookie.
 */
public final class QrLoginPage {

    static final String TEMPLATE = "wechat-qr.ftl";

    private final KeycloakSession session;
    private final AuthenticationSessionModel login;

    public QrLoginPage(KeycloakSession session, AuthenticationSessionModel login) {
        this.session = session;
        this.login = login;
    }

    /** Shows this login's QR (a new one, or the one it has); a failure shows the localized error page. */
    public Response show(QrLoginService qrCodes, String brokerEndpoint, String state) throws WeChatApiException {
        IssuedQr qr = qrCodes.issueOrReuse(login);
        String scanBase = UriBuilder.fromUri(session.getContext().getUri().getBaseUri()).path("realms")
                .path(login.getRealm().getName()).path(WeChatResourceProviderFactory.ID).path("scan").build().toString();
        Map<String, Object> model = new HashMap<>();
        model.put("image", qr.imageDataUri());
        model.put("scene", qr.sceneId());
        model.put("expiresIn", qr.expiresInSeconds());
        model.put("scanBase", scanBase);
        model.put("completeUrl", brokerEndpoint + "?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8) + "&scene=");
        model.put("alias", qrCodes.alias());
        return form().setAttribute("wechatQr", model).createForm(TEMPLATE);
    }

    /** The localized error, with Retry (this provider again) and the way back to the other sign-in methods. */
    public Response error(String alias, String messageKey) {
        return form().setAttribute("wechatError", messageKey).setAttribute("wechatErrorAlias", alias)
                .setStatus(Response.Status.SERVICE_UNAVAILABLE)
                .createForm(TEMPLATE);
    }

    private LoginFormsProvider form() {
        return session.getProvider(LoginFormsProvider.class).setAuthenticationSession(login);
    }
}
