package io.github.keycloakwechat.it.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.SandboxClient;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.sandbox.SandboxQrCode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The headline feature over HTTP, in each message mode: a person scans before following (subscribe), scans again
 * as a follower (SCAN), then opens the app inside WeChat's browser (snsapi_base) — and is one Keycloak user.
 */
@KeycloakTest
class ScanLoginIT {

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"plain", "compatible", "safe"})
    void scanBeforeFollowingScanAfterAndInsideWeChatAreOnePerson(String mode, WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm(mode);
        OidcClientFlow app = realm.client();
        String openid = wechat.sandbox().state().openidOf("alice", realm.app().appId());
        assertEquals(0, realm.userCount());

        // 1. Not a follower yet: the scan makes alice follow, WeChat pushes "subscribe" with qrscene_.
        HttpBrowser browser = new HttpBrowser();
        QrLogin first = QrLogin.start(browser, app);
        assertEquals("pending", first.status(null, 0));
        SandboxClient.ScanResult scan = wechat.phone().scan("alice", first.qrUrl());
        assertEquals("subscribe", scan.event(), scan.body()::toString);
        assertTrue(scan.delivered(), scan.body()::toString);
        assertEquals(1, scan.attempts(), "Keycloak answered the first delivery, so WeChat does not retry");
        assertTrue(scan.replyText().contains("扫码成功") && scan.replyText().contains("Scan received"),
                "the person sees the bilingual reply in WeChat: " + scan.replyText());
        assertTrue(scan.replyText().contains("「" + realm.name() + "」"), "the reply names the site being signed in to");
        assertEquals("scanned", first.status("pending", 25));
        OidcClientFlow.Tokens firstTokens = first.completeAndExchange();

        JsonNode user = realm.userLinkedTo(openid);
        assertNotNull(user, "the first login created a user linked to alice's openid");
        assertEquals(firstTokens.idTokenClaims().path("sub").asText(), user.path("id").asText());
        assertTrue(firstTokens.idTokenClaims().path("preferred_username").asText().startsWith("wechat-"));
        assertEquals(List.of(wechat.sandbox().state().unionidOf("alice")),
                wechat.admin().mapper().convertValue(user.path("attributes").path("wechat_unionid"), List.class),
                "the unionid WeChat returned is stored on the user");
        assertFalse(firstTokens.idTokenClaims().toString().contains(openid), "the app never sees the openid");
        assertEquals(1, realm.userCount());

        // 2. Now a follower: WeChat pushes "SCAN"; the same user signs in again.
        QrLogin second = QrLogin.start(new HttpBrowser(), app);
        SandboxClient.ScanResult again = wechat.phone().scan("alice", second.qrUrl());
        assertEquals("SCAN", again.event(), again.body()::toString);
        assertEquals("scanned", second.status("pending", 25));
        assertEquals(firstTokens.idTokenClaims().path("sub").asText(),
                second.completeAndExchange().idTokenClaims().path("sub").asText());

        // 3. Inside WeChat's browser: web OAuth with snsapi_base, parameters in WeChat's order, #wechat_redirect.
        HttpBrowser weChat = new HttpBrowser().userAgent(HttpBrowser.WECHAT_USER_AGENT);
        OidcClientFlow.AuthorizationRequest request = app.newAuthorizationRequest();
        HttpBrowser.Page login = weChat.followRedirects(weChat.get(request.uri()));
        String href = login.html().selectFirst("a#social-" + WeChatRealm.ALIAS).attr("href");
        HttpBrowser.Page toWeChat = weChat.get(login.uri().resolve(href));
        assertTrue(toWeChat.isRedirect(), toWeChat::toString);
        String location = toWeChat.header("Location").orElseThrow();
        assertTrue(location.startsWith(wechat.sandbox().baseUrl() + "/connect/oauth2/authorize?appid=" + realm.app().appId()
                + "&redirect_uri="), location);
        assertTrue(location.matches(".*\\?appid=[^&]+&redirect_uri=[^&]+&response_type=code&scope=snsapi_base&state=[^&#]+#wechat_redirect$"),
                "WeChat's parameter order and fragment: " + location);
        HttpBrowser.Page consent = weChat.get(URI.create(location.substring(0, location.indexOf('#'))));
        assertEquals(200, consent.status(), consent::toString);
        HttpBrowser.Page back = weChat.submit(consent.form("form"), Map.of("user", "alice", "action", "allow"));
        HttpBrowser.Page atApp = weChat.followRedirects(back, app::isCallback);
        assertTrue(atApp.isRedirect() && app.isCallback(atApp.location()), atApp::toString);
        assertEquals(firstTokens.idTokenClaims().path("sub").asText(),
                app.finish(request, atApp.location()).idTokenClaims().path("sub").asText(),
                "the in-WeChat path yields the same Keycloak user as the QR path");
        assertEquals(1, realm.userCount());

        // Every ticket the sandbox issued had the characters that break naive URL handling, and logins still completed.
        List<SandboxQrCode> issued = wechat.sandbox().state().qrCodes().stream()
                .filter(qr -> qr.appId().equals(realm.app().appId())).toList();
        assertEquals(2, issued.size());
        issued.forEach(qr -> assertTrue(qr.ticket().contains("+") && qr.ticket().contains("/") && qr.ticket().endsWith("="),
                qr.ticket()));

        // No secret of this provider appears in Keycloak's log.
        String log = wechat.server().readLog();
        for (String secret : List.of(realm.app().appSecret(), realm.app().token(), realm.app().encodingAesKey())) {
            assertFalse(log.contains(secret), "a secret leaked into the server log");
        }
    }

    /**
     * Long polls that are still waiting when the scan arrives: each answers with the scan, the logins complete, and
     * the polls leave nothing behind in Keycloak. Keycloak before 26.7 closed an asynchronous request's session on
     * the thread that completed the answer (logging "The transaction is not active!") and left it bound to the
     * request thread, so later requests on that thread ran without a transaction of their own.
     */
    @Test
    void longPollsWaitingForTheScanAnswerItAndLeaveNoTransactionBehind(WeChatSandbox wechat) throws Exception {
        WeChatRealm realm = wechat.realm("plain");
        OidcClientFlow app = realm.client();
        int mark = wechat.server().logMark();
        String sub = null;
        // More rounds than Keycloak has worker threads matter little: every round reuses some request thread.
        for (int round = 0; round < 4; round++) {
            QrLogin login = QrLogin.start(new HttpBrowser(), app);
            CompletableFuture<String> poll = CompletableFuture.supplyAsync(() -> login.status("pending", 25));
            // Let the poll reach the server and start waiting before the scan.
            Thread.sleep(1000);
            assertFalse(poll.isDone(), "the poll waits while nobody scanned");
            SandboxClient.ScanResult scan = wechat.phone().scan("carol", login.qrUrl());
            assertTrue(scan.delivered(), scan.body()::toString);
            assertEquals("scanned", poll.get(20, TimeUnit.SECONDS), "the waiting poll answers with the scan");
            String thisSub = login.completeAndExchange().idTokenClaims().path("sub").asText();
            if (sub != null) {
                assertEquals(sub, thisSub, "every round signs in the same user");
            }
            sub = thisSub;
        }
        String log = wechat.server().logSince(mark);
        assertFalse(log.contains("UncaughtExceptions") || log.contains("The transaction is not active"),
                "the long polls left a request transaction behind:\n" + log);
    }
}
