package io.github.keycloakwechat.it.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.crypto.WeChatSignature;
import io.github.keycloakwechat.it.support.ForgedPush;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.mp.WeChatMpSetting;
import io.github.keycloakwechat.sandbox.SandboxQrCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pushes that do not come from WeChat, or come twice, change nothing: each is refused with a 4xx (or, for a
 * duplicate, acknowledged without effect), the QR stays pending, and nobody is signed in. A genuine push
 * afterwards still works, so the refusals are the checks and not a broken endpoint.
 */
@KeycloakTest
class ForgedPushIT {

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"plain", "compatible", "safe"})
    void forgedPushesAreRefusedAndDuplicatesSignNobodyInTwice(String mode, WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm(mode);
        ForgedPush push = new ForgedPush(realm.pushUrl(), realm.app());
        QrLogin login = QrLogin.start(new HttpBrowser(), realm.client());
        String ticket = ticketOf(wechat, realm, login.scene());
        String openid = wechat.sandbox().state().openidOf("mallory", realm.app().appId());
        String scan = ForgedPush.scanEvent(realm.app(), openid, "SCAN", login.scene(), ticket, Instant.now().getEpochSecond());
        long now = Instant.now().getEpochSecond();

        // Signed with a wrong token.
        assertEquals(403, push.send(scan, "not-the-token", realm.app().appId(), now, ForgedPush.nonce()).status());
        // A stale timestamp: a captured push replayed later.
        assertEquals(403, push.genuine(scan, now - 3600, ForgedPush.nonce()).status());
        // A body over the size limit.
        assertEquals(413, push.raw(signedQuery(realm, now, "1"), "<xml>" + "A".repeat(100_000) + "</xml>").status());
        // An XXE attempt, correctly signed.
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><ToUserName>&x;</ToUserName></xml>";
        ForgedPush.Sent xxeAnswer = push.raw(signedQuery(realm, now, "2"), xxe);
        assertTrue(xxeAnswer.status() == 400 || xxeAnswer.status() == 403, "XXE refused: " + xxeAnswer);
        assertFalse(xxeAnswer.body().contains("root:"), "no file content in the answer");
        if ("plain".equals(mode)) {
            assertEquals(400, push.raw(signedQuery(realm, now, "3"), "<xml><ToUserName>oops").status(), "malformed XML");
        } else {
            // The right token and key, but sealed for another app: the AppID inside the ciphertext is wrong.
            assertEquals(403, push.send(scan, realm.app().token(), "wxattacker000000", now, ForgedPush.nonce()).status());
            // A broken ciphertext with a signature that matches it.
            assertEquals(400, push.raw(brokenCiphertextQuery(realm, now), brokenCiphertextBody).status());
            // A plaintext push to a provider that expects encryption.
            assertEquals(403, push.raw(signedQuery(realm, now, "4"), scan).status());
        }
        assertEquals("pending", login.status(null, 0), "no forged push changed the QR");
        assertEquals(0, realm.userCount(), "no forged push signed anybody in");

        // The genuine push works; the same push again (a WeChat retry, or a replay) is acknowledged and does nothing.
        String nonce = ForgedPush.nonce();
        ForgedPush.Sent genuine = push.genuine(scan, now, nonce);
        assertEquals(200, genuine.status(), genuine::toString);
        assertTrue(genuine.body().startsWith("<xml>"), "a passive reply: " + genuine.body());
        ForgedPush.Sent duplicate = push.genuine(scan, now, nonce);
        assertEquals(200, duplicate.status());
        assertEquals("success", duplicate.body(), "a duplicate is acknowledged without a reply");
        assertEquals("success", push.genuine(scan, now, ForgedPush.nonce()).body(), "same event, new nonce: still a duplicate");
        assertEquals("scanned", login.status(null, 0));

        HttpBrowser.Page first = login.complete();
        assertTrue(first.isRedirect() && realm.client().isCallback(first.location()), first::toString);
        HttpBrowser.Page secondTime = login.complete();
        assertFalse(secondTime.isRedirect() && realm.client().isCallback(secondTime.location()),
                "the scene and state are single-use: " + secondTime);
        assertEquals(1, realm.userCount(), "one person, signed in once");
    }

    @Test
    void theServerUrlVerificationEchoesOnlyForOurToken(WeChatSandbox wechat) throws Exception {
        WeChatRealm realm = wechat.realm("safe");
        String ts = Long.toString(Instant.now().getEpochSecond());
        String nonce = ForgedPush.nonce();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ours = http.send(HttpRequest.newBuilder(URI.create(realm.pushUrl() + "?signature="
                + WeChatSignature.sign(realm.app().token(), ts, nonce) + "&timestamp=" + ts + "&nonce=" + nonce
                + "&echostr=4375120948345356249")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ours.statusCode());
        assertEquals("4375120948345356249", ours.body(), "WeChat expects echostr verbatim");
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(realm.pushUrl() + "?signature="
                + WeChatSignature.sign("guessed", ts, nonce) + "&timestamp=" + ts + "&nonce=" + nonce
                + "&echostr=123")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forged.statusCode());
        HttpResponse<String> unknownAlias = http.send(HttpRequest.newBuilder(URI.create(realm.pushUrl() + "-nope?signature=x"
                + "&timestamp=" + ts + "&nonce=" + nonce + "&echostr=123")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknownAlias.statusCode());
    }

    @Test
    void pushSecretsComeOnlyFromTheVault(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("safe");
        String path = "/" + realm.name() + "/identity-provider/instances/" + WeChatRealm.ALIAS;
        JsonNode idp = wechat.admin().getIdentityProvider(realm.name(), WeChatRealm.ALIAS);
        assertEquals("${vault.wechat_token}", idp.path("config").path(WeChatMpSetting.TOKEN.key()).asText());
        assertFalse(idp.toString().contains(realm.app().token()) || idp.toString().contains(realm.app().encodingAesKey()),
                "the admin API shows references, never the push secrets");

        ObjectNode plain = idp.deepCopy();
        ((ObjectNode) plain.get("config")).put(WeChatMpSetting.TOKEN.key(), realm.app().token());
        assertEquals(400, wechat.admin().put(path, plain).status(), "a plain Token is refused when saved");

        // A reference the vault cannot resolve is never used as the Token itself (its text would be guessable).
        ObjectNode missing = idp.deepCopy();
        ((ObjectNode) missing.get("config")).put(WeChatMpSetting.TOKEN.key(), "${vault.not_there}");
        wechat.admin().put(path, missing).expect(204);
        long now = Instant.now().getEpochSecond();
        String openid = wechat.openidOf("alice", realm);
        String scan = ForgedPush.scanEvent(realm.app(), openid, "SCAN", "AAAAAAAAAAAAAAAAAAAAAA", "t", now);
        ForgedPush.Sent withLiteral = new ForgedPush(realm.pushUrl(), realm.app())
                .send(scan, "${vault.not_there}", realm.app().appId(), now, ForgedPush.nonce());
        assertEquals(503, withLiteral.status(), "refused until the admin fixes the vault: " + withLiteral);
    }

    @Test
    void eventsOtherThanAScanAreAcknowledgedAndIgnored(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("compatible");
        ForgedPush push = new ForgedPush(realm.pushUrl(), realm.app());
        long now = Instant.now().getEpochSecond();
        String openid = wechat.sandbox().state().openidOf("alice", realm.app().appId());
        String unsubscribe = "<xml><ToUserName><![CDATA[" + realm.app().originalId() + "]]></ToUserName><FromUserName><![CDATA["
                + openid + "]]></FromUserName><CreateTime>" + now + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[unsubscribe]]></Event></xml>";
        String text = "<xml><ToUserName><![CDATA[" + realm.app().originalId() + "]]></ToUserName><FromUserName><![CDATA["
                + openid + "]]></FromUserName><CreateTime>" + now + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[你好]]></Content><MsgId>1234567890123456</MsgId></xml>";
        String unknownScene = ForgedPush.scanEvent(realm.app(), openid, "SCAN", "AAAAAAAAAAAAAAAAAAAAAA", "t", now);
        assertEquals("success", push.genuine(unsubscribe).body());
        assertEquals("success", push.genuine(text).body());
        ForgedPush.Sent scanOfNothing = push.genuine(unknownScene);
        assertEquals(200, scanOfNothing.status(), "an authentic push is always acknowledged");
        assertEquals(0, realm.userCount());
    }

    private String brokenCiphertextBody;

    /** A ciphertext that decodes but does not decrypt to a valid message, with a msg_signature that matches it. */
    private String brokenCiphertextQuery(WeChatRealm realm, long now) {
        byte[] garbage = new byte[64];
        new java.security.SecureRandom().nextBytes(garbage);
        String encrypt = Base64.getEncoder().encodeToString(garbage);
        brokenCiphertextBody = "<xml><ToUserName><![CDATA[" + realm.app().originalId() + "]]></ToUserName><Encrypt><![CDATA["
                + encrypt + "]]></Encrypt></xml>";
        String ts = Long.toString(now);
        String nonce = ForgedPush.nonce();
        return "signature=" + WeChatSignature.sign(realm.app().token(), ts, nonce) + "&timestamp=" + ts + "&nonce=" + nonce
                + "&encrypt_type=aes&msg_signature=" + WeChatSignature.sign(realm.app().token(), ts, nonce, encrypt);
    }

    private static String signedQuery(WeChatRealm realm, long now, String nonce) {
        String ts = Long.toString(now);
        return "signature=" + WeChatSignature.sign(realm.app().token(), ts, nonce) + "&timestamp=" + ts + "&nonce=" + nonce;
    }

    private static String ticketOf(WeChatSandbox wechat, WeChatRealm realm, String scene) {
        return wechat.sandbox().state().qrCodes().stream()
                .filter(qr -> qr.appId().equals(realm.app().appId()) && qr.scene().equals(scene))
                .map(SandboxQrCode::ticket).findFirst()
                .orElseThrow(() -> new AssertionError("the sandbox issued no QR for scene " + scene));
    }
}
