package io.github.keycloakwechat.confirm;

import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.broker.LoginFailure;
import io.github.keycloakwechat.broker.ProviderMisconfiguredException;
import io.github.keycloakwechat.broker.WeChatProviders;
import io.github.keycloakwechat.confirm.PhoneConfirmingFactory.PhoneIdentity;
import io.github.keycloakwechat.resource.WeChatUrls;
import io.github.keycloakwechat.scan.ScanReplyText;
import io.github.keycloakwechat.scan.ScanSession;
import io.github.keycloakwechat.scan.ScanSessionStore;
import io.github.keycloakwechat.scan.ScanWakeup;
import io.github.keycloakwechat.scan.SceneIds;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * "Confirm on the phone": the pages the link in WeChat's reply opens, in WeChat's browser. Opening the link sends the
 * person through WeChat's silent web OAuth; only when WeChat vouches that they are the openid that scanned do they
 * see what is being signed in to, and their Confirm or Deny is recorded on the scan, which the waiting browser then
 * learns. Each step hands the next a fresh single-use handle in Keycloak's cluster-wide store.
 */
public final class PhoneConfirmation {

    /** The route the OAuth returns to and the route of the answer, under {@code /realms/{realm}/wechat}. */
    public static final String RETURN_PATH = "confirm-return";
    public static final String ANSWER_PATH = "confirm-answer";
    public static final String STATE_COOKIE = "WECHAT_CONFIRM_STATE";

    private static final Logger LOG = Logger.getLogger(PhoneConfirmation.class);
    /** How long each step (WeChat's OAuth, then reading the page and answering) may take. */
    private static final int STEP_SECONDS = 300;
    private static final String OAUTH_PREFIX = "wechat:confirm-oauth:";
    private static final String ANSWER_PREFIX = "wechat:confirm-answer:";
    private static final String SCENE = "scene";
    private static final String LINK_HASH = "link";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ScanWakeup wakeup;
    private final ScanSessionStore scans;
    private final PhoneConfirmPage page;

    public PhoneConfirmation(KeycloakSession session, RealmModel realm, ScanWakeup wakeup) {
        this.session = session;
        this.realm = realm;
        this.wakeup = wakeup;
        this.scans = new ScanSessionStore(session);
        this.page = new PhoneConfirmPage(session);
    }

    /** The link from WeChat's reply: on to WeChat's OAuth, with a state bound to this phone's browser by a cookie. */
    public Response open(String sceneId, String linkToken) {
        String linkHash = linkToken == null ? null : SceneIds.hash(linkToken);
        ScanSession scan = scans.findAwaitingConfirmation(sceneId, linkHash);
        PhoneIdentity phone = scan == null ? null : phoneIdentity(scan.alias());
        if (phone == null) {
            return page.message(Response.Status.GONE, "wechatConfirmExpired");
        }
        String state = SceneIds.newToken();
        session.singleUseObjects().put(OAUTH_PREFIX + state, STEP_SECONDS, Map.of(SCENE, sceneId, LINK_HASH, linkHash));
        try {
            return Response.seeOther(phone.authorizeUrl(route(RETURN_PATH), state)).cookie(stateCookie(state)).build();
        } catch (ProviderMisconfiguredException e) {
            return page.message(Response.Status.SERVICE_UNAVAILABLE,
                    LoginFailure.messageKey(scan.alias(), "confirming a scan on the phone", e));
        }
    }

    /** Back from WeChat's OAuth: the person is the scanner, or is told they are not and nothing changes. */
    public Response returned(String code, String state, String stateCookie) {
        Map<String, String> step = take(OAUTH_PREFIX, state);
        if (step == null || !SceneIds.sameText(state, stateCookie)) {
            return page.message(Response.Status.BAD_REQUEST, "wechatConfirmExpired");
        }
        ScanSession scan = scans.findAwaitingConfirmation(step.get(SCENE), step.get(LINK_HASH));
        PhoneIdentity phone = scan == null ? null : phoneIdentity(scan.alias());
        if (phone == null) {
            return page.message(Response.Status.GONE, "wechatConfirmExpired");
        }
        if (code == null || code.isBlank()) {
            return page.message(Response.Status.OK, "wechatConfirmNotAuthorized");
        }
        String openid;
        try {
            openid = phone.openid(code);
        } catch (WeChatApiException | ProviderMisconfiguredException e) {
            return page.message(Response.Status.SERVICE_UNAVAILABLE,
                    LoginFailure.messageKey(scan.alias(), "identifying the person confirming a scan", e));
        }
        if (!SceneIds.sameText(openid, scan.openid())) {
            LOG.warnf("WeChat provider %s: a scan's confirmation page was opened by a WeChat user other than the one"
                    + " who scanned; refused, the scan still waits for its scanner", scan.alias());
            return page.message(Response.Status.FORBIDDEN, "wechatConfirmOtherUser");
        }
        String answerToken = SceneIds.newToken();
        session.singleUseObjects().put(ANSWER_PREFIX + answerToken, STEP_SECONDS, step);
        return page.question(route(ANSWER_PATH), answerToken, ScanReplyText.siteName(realm), clientName(scan),
                SigningInBrowser.of(loginOf(scan)));
    }

    /** Confirm or Deny, once: the waiting browser is woken and completes, or shows that the sign-in was denied. */
    public Response answer(String answerToken, String answer) {
        boolean confirmed = "confirm".equals(answer);
        Map<String, String> step = confirmed || "deny".equals(answer) ? take(ANSWER_PREFIX, answerToken) : null;
        ScanSession answered = step == null ? null : scans.answer(step.get(SCENE), step.get(LINK_HASH), confirmed);
        if (answered == null) {
            return page.message(Response.Status.GONE, "wechatConfirmExpired");
        }
        String sceneId = answered.sceneId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                wakeup.announce(session, sceneId);
            }

            @Override
            protected void rollbackImpl() {
                // nothing was recorded, so nobody needs waking
            }
        });
        LOG.infof("WeChat provider %s: the person who scanned %s the sign-in on the phone", answered.alias(),
                confirmed ? "confirmed" : "denied");
        return page.message(Response.Status.OK, confirmed ? "wechatConfirmDone" : "wechatConfirmDenied");
    }

    private PhoneIdentity phoneIdentity(String alias) {
        IdentityProviderModel model = session.identityProviders().getByAlias(alias);
        if (model == null || !model.isEnabled()) {
            return null;
        }
        return WeChatProviders.factoryWith(session, model, PhoneConfirmingFactory.class)
                .flatMap(factory -> factory.phoneIdentity(session, model)).orElse(null);
    }

    private Map<String, String> take(String prefix, String token) {
        return SceneIds.isWellFormed(token) ? session.singleUseObjects().remove(prefix + token) : null;
    }

    private String route(String path) {
        return WeChatUrls.routes(session, realm.getName()).path(path).build().toString();
    }

    /** Sent back only to this extension's routes, on the same frontend URL the OAuth returns to. */
    private NewCookie stateCookie(String state) {
        URI routes = WeChatUrls.routes(session, realm.getName()).build();
        return new NewCookie.Builder(STATE_COOKIE).value(state).path(routes.getRawPath())
                .maxAge(STEP_SECONDS).httpOnly(true).secure("https".equals(routes.getScheme()))
                .sameSite(NewCookie.SameSite.LAX).build();
    }

    private AuthenticationSessionModel loginOf(ScanSession scan) {
        RootAuthenticationSessionModel root = session.authenticationSessions()
                .getRootAuthenticationSession(realm, scan.rootSessionId());
        return root == null ? null : root.getAuthenticationSessions().get(scan.tabId());
    }

    /** The application's name as the admin gave it (possibly a {@code ${key}} the page localizes), else its id. */
    private String clientName(ScanSession scan) {
        AuthenticationSessionModel login = loginOf(scan);
        if (login == null || login.getClient() == null) {
            return null;
        }
        String name = login.getClient().getName();
        return name == null || name.isBlank() ? login.getClient().getClientId() : name;
    }
}
