package io.github.keycloakwechat.confirm;

import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;

/** The confirmation page in WeChat's browser, rendered with the realm's login theme from {@code wechat-confirm.ftl}. */
final class PhoneConfirmPage {

    static final String TEMPLATE = "wechat-confirm.ftl";
    /** The people confirming are in China; the page says which zone it uses. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Asia/Shanghai"));

    private final KeycloakSession session;

    PhoneConfirmPage(KeycloakSession session) {
        this.session = session;
    }

    /** What is being signed in to, by which browser, and the two answers. */
    Response question(String action, String answerToken, String site, String client, SigningInBrowser browser) {
        Map<String, Object> model = new HashMap<>();
        model.put("step", "question");
        model.put("action", action);
        model.put("answerToken", answerToken);
        model.put("site", site);
        if (client != null) {
            model.put("client", client);
        }
        if (browser != null) {
            model.put("time", TIME.format(Instant.ofEpochSecond(browser.shownAt())));
            if (browser.address() != null) {
                model.put("address", browser.address());
            }
            if (browser.device() != null) {
                model.put("device", browser.device());
            }
        }
        return render(Response.Status.OK, model);
    }

    /** A final or error message, by its key in the message bundles. */
    Response message(Response.Status status, String messageKey) {
        Map<String, Object> model = new HashMap<>();
        model.put("step", "message");
        model.put("message", messageKey);
        model.put("ok", status == Response.Status.OK);
        return render(status, model);
    }

    private Response render(Response.Status status, Map<String, Object> model) {
        return session.getProvider(LoginFormsProvider.class).setAttribute("wechatConfirm", model).setStatus(status)
                .createForm(TEMPLATE);
    }
}
