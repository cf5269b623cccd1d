package io.github.keycloakwechat.it.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.it.support.ForgedPush;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.mp.WeChatMpSetting;
import io.github.keycloakwechat.sandbox.SandboxQrCode;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A scanned QR signs in only the browser that showed it, and only while it lives. */
@KeycloakTest
class ScanSessionBindingIT {

    @Test
    void anotherBrowserCannotCompleteSomeoneElsesScan(WeChatSandbox wechat) {
        try (WeChatRealm realm = wechat.realm("safe")) {
            HttpBrowser victim = new HttpBrowser();
            QrLogin login = QrLogin.start(victim, realm.client());
            assertTrue(wechat.phone().scan("alice", login.qrUrl()).delivered());
            assertEquals("scanned", login.status("pending", 25));

            // A browser without the victim's auth-session cookie, using the victim's completion URL as is.
            HttpBrowser stranger = new HttpBrowser();
            HttpBrowser.Page strangerResult = login.complete(stranger);
            assertFalse(strangerResult.isRedirect() && realm.client().isCallback(strangerResult.location()), strangerResult::toString);

            // A browser with its own login in progress, presenting the victim's scene with its own state.
            QrLogin own = QrLogin.start(stranger, realm.client());
            URI mixed = URI.create(own.completionUri().toString().replace(own.scene(), login.scene()));
            HttpBrowser.Page mixedResult = stranger.followRedirects(stranger.get(mixed), realm.client()::isCallback);
            assertFalse(mixedResult.isRedirect() && realm.client().isCallback(mixedResult.location()), mixedResult::toString);
            assertEquals(0, realm.userCount(), "nobody was signed in by the stranger's attempts");

            // The victim's own browser still completes: the stranger consumed nothing.
            String sub = login.completeAndExchange().idTokenClaims().path("sub").asText();
            assertEquals(realm.userLinkedTo(wechat.sandbox().state().openidOf("alice", realm.app().appId())).path("id").asText(), sub);
            assertEquals(1, realm.userCount());
        }
    }

    @Test
    void anExpiredQrCannotBeCompleted(WeChatSandbox wechat) throws InterruptedException {
        try (WeChatRealm realm = wechat.realm("plain", Map.of(WeChatMpSetting.QR_LIFETIME.key(), "60"))) {
            QrLogin login = QrLogin.start(new HttpBrowser(), realm.client());
            String qrUrl = login.qrUrl();
            String ticket = wechat.sandbox().state().qrCodes().stream()
                    .filter(qr -> qr.scene().equals(login.scene())).map(SandboxQrCode::ticket).findFirst().orElseThrow();
            Thread.sleep(61_000);

            assertEquals("expired", login.status(null, 0));
            assertEquals(404, wechat.phone().scan("alice", qrUrl).status(), "WeChat (the sandbox) no longer accepts the code");
            // Even a genuine push for the expired scene (a delayed delivery) changes nothing; the person is told why.
            String openid = wechat.sandbox().state().openidOf("alice", realm.app().appId());
            ForgedPush.Sent late = new ForgedPush(realm.pushUrl(), realm.app()).genuine(ForgedPush.scanEvent(realm.app(),
                    openid, "SCAN", login.scene(), ticket, Instant.now().getEpochSecond()));
            assertEquals(200, late.status());
            assertTrue(late.body().contains("过期") && late.body().contains("expired"), late.body());
            assertEquals("expired", login.status(null, 0));
            HttpBrowser.Page result = login.complete();
            assertFalse(result.isRedirect() && realm.client().isCallback(result.location()), result::toString);
            assertEquals(0, realm.userCount());
        }
    }
}
