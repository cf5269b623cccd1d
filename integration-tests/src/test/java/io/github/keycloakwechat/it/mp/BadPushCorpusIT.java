package io.github.keycloakwechat.it.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.crypto.WeChatSignature;
import io.github.keycloakwechat.it.support.ForgedPush;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.mp.WeChatMpSetting;
import io.github.keycloakwechat.sandbox.SandboxApp;
import io.github.keycloakwechat.sandbox.SandboxQrCode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * A corpus of hostile and broken pushes against the push URL of a running Keycloak, in every message mode. Most of
 * them carry a scan of a pending login's QR: had any been taken for genuine, someone would be signed in.
 * <ul>
 *   <li>Not authentic (signature, timestamp, nonce, appid, ciphertext, body and XML games): refused with 4xx.</li>
 *   <li>Authentic but spent or pointless (a replay, a scan of another realm's or an expired QR): acknowledged with
 *       200 and no effect, because WeChat retries anything else three times and then tells the person the service
 *       is down.</li>
 * </ul>
 * For every push: never a 5xx, every QR still pending (the expired one still expired), nobody signed in.
 */
@KeycloakTest
class BadPushCorpusIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The shortest QR lifetime a provider accepts: the expired-scene case waits it out once. */
    private static final int QR_LIFETIME_SECONDS = 60;

    enum Expect { REFUSED, ACKNOWLEDGED }

    record Case(String name, Expect expect, Supplier<ForgedPush.Sent> push) {
    }

    @Test
    void hostilePushesAreRefusedOrIgnoredAndChangeNothingInEveryMode(WeChatSandbox wechat) throws Exception {
        Map<String, Fixture> fixtures = new LinkedHashMap<>();
        for (String mode : List.of("plain", "compatible", "safe")) {
            fixtures.put(mode, new Fixture(wechat, mode));
        }
        // Their QR codes expire while the other cases run; the last case of each mode scans them.
        long expiredAt = System.currentTimeMillis() + (QR_LIFETIME_SECONDS + 2) * 1000L;

        int tried = 0;
        int refused = 0;
        int acknowledged = 0;
        List<String> distinct = new ArrayList<>();
        for (Map.Entry<String, Fixture> entry : fixtures.entrySet()) {
            Fixture f = entry.getValue();
            List<Case> cases = f.cases();
            for (Case c : cases) {
                if (c.name().startsWith("scan of an expired QR")) {
                    Thread.sleep(Math.max(0, expiredAt - System.currentTimeMillis()));
                    assertEquals("expired", f.expired.status(null, 0));
                }
                ForgedPush.Sent sent = c.push().get();
                String label = entry.getKey() + " mode, " + c.name() + ": " + sent.status() + " " + abbreviate(sent.body());
                assertTrue(sent.status() < 500, "never a server error: " + label);
                if (c.expect() == Expect.REFUSED) {
                    assertTrue(sent.status() >= 400, "refused: " + label);
                    refused++;
                } else {
                    assertEquals(200, sent.status(), "acknowledged: " + label);
                    acknowledged++;
                }
                f.assertNothingChanged(label);
                tried++;
                if (!distinct.contains(c.name())) {
                    distinct.add(c.name());
                }
            }
        }
        System.out.printf("[measure] bad-push corpus: %d pushes (%d distinct cases over 3 modes): %d refused with 4xx, "
                + "%d authentic ones acknowledged without effect, 0 server errors, 0 state changes, 0 logins%n",
                tried, distinct.size(), refused, acknowledged);
        assertTrue(distinct.size() >= 40, "at least 40 distinct cases, got " + distinct.size());

        // The control: the same endpoint still takes a genuine push, so the refusals above were the checks at work.
        for (Fixture f : fixtures.values()) {
            ForgedPush.Sent genuine = f.push.genuine(f.scan(f.target.scene()));
            assertEquals(200, genuine.status(), genuine::toString);
            assertEquals("scanned", f.target.status(null, 0));
            assertTrue(f.target.completeAndExchange().idTokenClaims().has("sub"));
        }
    }

    /** One realm in one mode: a pending login (the target), another realm's pending login, an expiring login. */
    private static final class Fixture {
        final WeChatSandbox wechat;
        final String mode;
        final WeChatRealm realm;
        final WeChatRealm otherRealm;
        final SandboxApp app;
        final ForgedPush push;
        final QrLogin target;
        final QrLogin foreign;
        final WeChatRealm expiringRealm;
        final QrLogin expired;
        final QrLogin spent;
        final String openid;

        Fixture(WeChatSandbox wechat, String mode) {
            this.wechat = wechat;
            this.mode = mode;
            this.realm = wechat.realm(mode);
            this.otherRealm = wechat.realm(mode);
            this.expiringRealm = wechat.realm(mode, Map.of(WeChatMpSetting.QR_LIFETIME.key(),
                    String.valueOf(QR_LIFETIME_SECONDS)));
            this.app = realm.app();
            this.push = new ForgedPush(realm.pushUrl(), app);
            this.target = QrLogin.start(new HttpBrowser(), realm.client());
            this.foreign = QrLogin.start(new HttpBrowser(), otherRealm.client());
            this.expired = QrLogin.start(new HttpBrowser(), expiringRealm.client());
            this.spent = QrLogin.start(new HttpBrowser(), realm.client());
            this.openid = wechat.openidOf("mallory", realm);
        }

        String scan(String scene) {
            return ForgedPush.scanEvent(app, openid, "SCAN", scene, ticketOf(scene), Instant.now().getEpochSecond());
        }

        String ticketOf(String scene) {
            return wechat.sandbox().state().qrCodes().stream()
                    .filter(qr -> qr.scene().equals(scene)).map(SandboxQrCode::ticket).findFirst().orElse("t");
        }

        void assertNothingChanged(String label) {
            assertEquals("pending", target.status(null, 0), "the target QR is still pending after " + label);
            assertEquals("pending", foreign.status(null, 0), "the other realm's QR is still pending after " + label);
            assertEquals(0, realm.userCount(), "nobody signed in after " + label);
            assertEquals(0, otherRealm.userCount(), "nobody signed in to the other realm after " + label);
            assertEquals(0, expiringRealm.userCount(), "nobody signed in with the expired QR after " + label);
        }

        List<Case> cases() throws Exception {
            List<Case> cases = new ArrayList<>();
            String scan = scan(target.scene());
            long now = Instant.now().getEpochSecond();
            String ts = Long.toString(now);

            // --- signature, timestamp and nonce games, each carrying a scan of the pending QR ---
            cases.add(refused("no signature", () -> post("timestamp=" + ts + "&nonce=1", sealed(scan, ts, "1"))));
            cases.add(refused("empty signature", () -> post("signature=&timestamp=" + ts + "&nonce=1",
                    sealed(scan, ts, "1"))));
            cases.add(refused("signed with another token", () -> push.send(scan, "guessed-token", app.appId(), now,
                    ForgedPush.nonce())));
            cases.add(refused("timestamp changed after signing", () -> {
                String nonce = ForgedPush.nonce();
                return post(query(now, nonce).replace("timestamp=" + now, "timestamp=" + (now + 1)),
                        sealed(scan, ts, nonce));
            }));
            cases.add(refused("nonce changed after signing", () -> {
                String nonce = ForgedPush.nonce();
                return post(query(now, nonce).replace("nonce=" + nonce, "nonce=" + nonce + "1"), sealed(scan, ts, nonce));
            }));
            cases.add(refused("no timestamp", () -> post("signature=" + sign(null, "5") + "&nonce=5",
                    sealed(scan, ts, "5"))));
            cases.add(refused("no nonce", () -> post("signature=" + sign(ts, null) + "&timestamp=" + ts,
                    sealed(scan, ts, ""))));
            cases.add(refused("timestamp an hour old", () -> signedPost(scan, Long.toString(now - 3600))));
            cases.add(refused("timestamp an hour ahead", () -> signedPost(scan, Long.toString(now + 3600))));
            cases.add(refused("timestamp not a number", () -> signedPost(scan, "yesterday")));
            cases.add(refused("timestamp beyond a long", () -> signedPost(scan, "99999999999999999999999")));
            cases.add(refused("negative timestamp", () -> signedPost(scan, "-" + now)));
            cases.add(refused("signed with an empty token", () -> {
                String n = ForgedPush.nonce();
                String encrypt = Base64.getEncoder().encodeToString(ciphertext(scan));
                String q = "signature=" + WeChatSignature.sign("", ts, n) + "&timestamp=" + ts + "&nonce=" + n;
                return mode.equals("plain") ? post(q, scan) : post(q + "&encrypt_type=aes&msg_signature="
                        + WeChatSignature.sign("", ts, n, encrypt), envelope(encrypt));
            }));

            // --- bodies: sizes, shapes, XML attacks, charsets (signed as WeChat would, so only the body is wrong) ---
            cases.add(refused("empty body", () -> signedRaw(new byte[0])));
            cases.add(refused("a single '<'", () -> signedRaw("<".getBytes(StandardCharsets.UTF_8))));
            cases.add(refused("not XML", () -> signedRaw("hello".getBytes(StandardCharsets.UTF_8))));
            cases.add(refused("100 KiB body", () -> signedRaw(("<xml><Content>" + "A".repeat(100 * 1024)
                    + "</Content></xml>").getBytes(StandardCharsets.UTF_8))));
            cases.add(refused("XXE: external entity", () -> signedRawInner("<?xml version=\"1.0\"?><!DOCTYPE xml ["
                    + "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" + scan.replace(openid, "&xxe;"))));
            cases.add(refused("entity expansion (billion laughs)", () -> signedRawInner("<?xml version=\"1.0\"?>"
                    + "<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                    + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
                    + scan.replace("SCAN", "&d;"))));
            cases.add(refused("deep nesting", () -> signedRawInner("<xml>" + "<a>".repeat(5000) + "</a>".repeat(5000)
                    + "</xml>")));
            cases.add(refused("bytes that are not UTF-8", () -> {
                byte[] inner = scan.getBytes(StandardCharsets.UTF_8);
                byte[] broken = new byte[inner.length + 2];
                System.arraycopy(inner, 0, broken, 0, inner.length);
                broken[inner.length] = (byte) 0xC3;
                broken[inner.length + 1] = (byte) 0x28;
                return signedRawInnerBytes(broken);
            }));
            cases.add(refused("UTF-16 body", () -> signedRawInnerBytes(("<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
                    + scan).getBytes(StandardCharsets.UTF_16))));
            cases.add(refused("duplicate EventKey", () -> signedRawInner(scan.replace("</xml>",
                    "<EventKey><![CDATA[" + foreign.scene() + "]]></EventKey></xml>"))));
            cases.add(refused("no FromUserName", () -> signedRawInner(scan.replaceAll("<FromUserName>.*?</FromUserName>",
                    ""))));
            cases.add(refused("no ToUserName", () -> signedRawInner(scan.replaceAll("<ToUserName>.*?</ToUserName>",
                    ""))));
            cases.add(refused("CreateTime not a number", () -> signedRawInner(scan.replaceAll(
                    "<CreateTime>\\d+</CreateTime>", "<CreateTime>soon</CreateTime>"))));
            cases.add(refused("root element other than <xml>", () -> signedRawInner(scan.replace("<xml>", "<msg>")
                    .replace("</xml>", "</msg>"))));
            cases.add(refused("nested element in a field", () -> signedRawInner(scan.replace("<![CDATA[SCAN]]>",
                    "<b>SCAN</b>"))));

            // --- replays ---
            String sideScene = spent.scene();
            String sideScan = scan(sideScene);
            String nonce = ForgedPush.nonce();
            ForgedPush.Sent first = push.genuine(sideScan, now, nonce); // the delivery that happened
            assertEquals(200, first.status(), first::toString);
            cases.add(acknowledged("the same push again (replay)", () -> {
                ForgedPush.Sent again = push.genuine(sideScan, now, nonce);
                assertEquals("success", again.body(), "a replay is acknowledged without a reply");
                return again;
            }));
            cases.add(acknowledged("the same event under a new nonce", () -> push.genuine(sideScan, now,
                    ForgedPush.nonce())));
            cases.add(new Case("a delivered push's signed URL with another body",
                    mode.equals("plain") ? Expect.ACKNOWLEDGED : Expect.REFUSED,
                    () -> post(query(now, nonce) + encryptedQuery(sideScan, ts, nonce), sealed(scan, ts, nonce))));

            // --- scenes that are not this realm's pending QR (authentic pushes: acknowledged, no effect) ---
            cases.add(acknowledged("scan of another realm's QR", () -> push.genuine(scan(foreign.scene()))));
            cases.add(acknowledged("scan of a made-up QR", () -> push.genuine(scan("AAAAAAAAAAAAAAAAAAAAAA"))));
            cases.add(acknowledged("scan of a malformed scene id", () -> push.genuine(scan("../" + "x".repeat(200)))));
            cases.add(acknowledged("scan of an integer (poster) QR", () -> push.genuine(
                    ForgedPush.scanEvent(app, openid, "subscribe", "qrscene_123", "t", Instant.now().getEpochSecond()))));
            cases.add(acknowledged("a text message", () -> push.genuine("<xml><ToUserName><![CDATA[" + app.originalId()
                    + "]]></ToUserName><FromUserName><![CDATA[" + openid + "]]></FromUserName><CreateTime>"
                    + Instant.now().getEpochSecond() + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                    + "<Content><![CDATA[" + target.scene() + "]]></Content><MsgId>" + RANDOM.nextInt(1_000_000)
                    + "</MsgId></xml>")));

            // --- encrypted modes: appid, ciphertext and padding games ---
            if (!mode.equals("plain")) {
                cases.add(refused("no msg_signature", () -> {
                    String n = ForgedPush.nonce();
                    return post(query(now, n) + "&encrypt_type=aes", sealed(scan, ts, n));
                }));
                cases.add(refused("wrong msg_signature", () -> {
                    String n = ForgedPush.nonce();
                    return post(query(now, n) + "&encrypt_type=aes&msg_signature=" + "0".repeat(40), sealed(scan, ts, n));
                }));
                cases.add(refused("sealed for another AppID", () -> push.send(scan, app.token(), "wxattacker00000000",
                        now, ForgedPush.nonce())));
                cases.add(refused("sealed with another EncodingAESKey", () -> encryptedPost(
                        seal(pkcs7(plaintext(scan, app.appId())), otherKey()))));
                cases.add(refused("truncated ciphertext", () -> encryptedPost(
                        Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(ciphertext(scan), 48)))));
                cases.add(refused("ciphertext not a whole block", () -> encryptedPost(
                        Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(ciphertext(scan), 70)))));
                cases.add(refused("an extra block appended", () -> {
                    byte[] c = ciphertext(scan);
                    byte[] extra = new byte[32];
                    RANDOM.nextBytes(extra);
                    byte[] longer = java.util.Arrays.copyOf(c, c.length + 32);
                    System.arraycopy(extra, 0, longer, c.length, 32);
                    return encryptedPost(Base64.getEncoder().encodeToString(longer));
                }));
                cases.add(refused("a bit flipped in the last block, re-signed", () -> {
                    byte[] c = ciphertext(scan);
                    c[c.length - 20] ^= 0x01;
                    return encryptedPost(Base64.getEncoder().encodeToString(c));
                }));
                cases.add(refused("a bit flipped, not re-signed", () -> {
                    String n = ForgedPush.nonce();
                    String good = Base64.getEncoder().encodeToString(ciphertext(scan));
                    byte[] c = Base64.getDecoder().decode(good);
                    c[40] ^= 0x01;
                    String flipped = Base64.getEncoder().encodeToString(c);
                    return post(query(now, n) + "&encrypt_type=aes&msg_signature=" + sign(ts, n, good), envelope(flipped));
                }));
                cases.add(refused("padding byte 0", () -> encryptedPost(seal(withPadding(plaintext(scan, app.appId()), 0),
                        key()))));
                cases.add(refused("padding byte 33", () -> encryptedPost(seal(withPadding(plaintext(scan, app.appId()), 33),
                        key()))));
                cases.add(refused("inconsistent padding bytes", () -> {
                    byte[] padded = pkcs7(plaintext(scan, app.appId()));
                    padded[padded.length - 2] ^= 0x01;
                    return encryptedPost(seal(padded, key()));
                }));
                cases.add(refused("length field beyond the message", () -> encryptedPost(seal(pkcs7(
                        plaintext(scan, app.appId(), scan.length() + 1000)), key()))));
                cases.add(refused("negative length field", () -> encryptedPost(seal(pkcs7(
                        plaintext(scan, app.appId(), -1)), key()))));
                cases.add(refused("Encrypt not base64", () -> encryptedPost("%%%not-base64%%%")));
                cases.add(refused("empty Encrypt", () -> encryptedPost("")));
                cases.add(refused("no Encrypt element", () -> {
                    String n = ForgedPush.nonce();
                    return post(query(now, n) + "&encrypt_type=aes&msg_signature=" + sign(ts, n, ""), scan);
                }));
            }
            if (mode.equals("safe")) {
                cases.add(refused("plaintext push to a safe-mode provider", () -> signedRaw(
                        scan.getBytes(StandardCharsets.UTF_8))));
            }
            // Last: the expiring QR has expired by now; the test waits for it.
            cases.add(acknowledged("scan of an expired QR", () -> new ForgedPush(expiringRealm.pushUrl(),
                    expiringRealm.app()).genuine(ForgedPush.scanEvent(expiringRealm.app(),
                    wechat.openidOf("mallory", expiringRealm), "SCAN", expired.scene(), ticketOf(expired.scene()),
                    Instant.now().getEpochSecond()))));
            return cases;
        }

        // --- building pushes ------------------------------------------------------------------------------

        private static Case refused(String name, Supplier<ForgedPush.Sent> push) {
            return new Case(name, Expect.REFUSED, push);
        }

        private static Case acknowledged(String name, Supplier<ForgedPush.Sent> push) {
            return new Case(name, Expect.ACKNOWLEDGED, push);
        }

        /** WeChat's signature with this account's token over the timestamp, nonce and (encrypted) body. */
        private String sign(String timestamp, String nonce, String... encrypt) {
            List<String> parts = new ArrayList<>(List.of(app.token(), timestamp == null ? "" : timestamp,
                    nonce == null ? "" : nonce));
            parts.addAll(List.of(encrypt));
            return WeChatSignature.sign(parts.toArray(String[]::new));
        }

        private String query(long timestamp, String nonce) {
            return "signature=" + sign(Long.toString(timestamp), nonce) + "&timestamp=" + timestamp + "&nonce=" + nonce;
        }

        /** The body WeChat would send for {@code inner} in this mode (encrypted modes: sealed, re-signed query). */
        private String sealed(String inner, String timestamp, String nonce) {
            return mode.equals("plain") ? inner : envelope(Base64.getEncoder().encodeToString(ciphertext(inner)));
        }

        private String encryptedQuery(String inner, String timestamp, String nonce) {
            return mode.equals("plain") ? "" : "&encrypt_type=aes&msg_signature=" + sign(timestamp, nonce,
                    Base64.getEncoder().encodeToString(ciphertext(inner)));
        }

        /** A correctly signed query around a body as is (plain), or around a sealed body (encrypted modes). */
        private ForgedPush.Sent signedPost(String inner, String timestamp) {
            String n = ForgedPush.nonce();
            String q = "signature=" + sign(timestamp, n) + "&timestamp=" + timestamp + "&nonce=" + n;
            if (mode.equals("plain")) {
                return post(q, inner);
            }
            String encrypt = Base64.getEncoder().encodeToString(ciphertext(inner));
            return post(q + "&encrypt_type=aes&msg_signature=" + sign(timestamp, n, encrypt), envelope(encrypt));
        }

        /** A fresh, correctly signed query with {@code body} exactly as given (no sealing). */
        private ForgedPush.Sent signedRaw(byte[] body) {
            long t = Instant.now().getEpochSecond();
            return postBytes(query(t, ForgedPush.nonce()), body);
        }

        /** {@code inner} as the message WeChat would carry: plain, or sealed and signed in encrypted modes. */
        private ForgedPush.Sent signedRawInner(String inner) {
            return signedRawInnerBytes(inner.getBytes(StandardCharsets.UTF_8));
        }

        private ForgedPush.Sent signedRawInnerBytes(byte[] inner) {
            if (mode.equals("plain")) {
                return signedRaw(inner);
            }
            return encryptedPost(seal(pkcs7(plaintext(inner, app.appId(), inner.length)), key()));
        }

        private ForgedPush.Sent encryptedPost(String encrypt) {
            long t = Instant.now().getEpochSecond();
            String n = ForgedPush.nonce();
            return post(query(t, n) + "&encrypt_type=aes&msg_signature=" + sign(Long.toString(t), n, encrypt),
                    envelope(encrypt));
        }

        private String envelope(String encrypt) {
            return "<xml><ToUserName><![CDATA[" + app.originalId() + "]]></ToUserName><Encrypt><![CDATA[" + encrypt
                    + "]]></Encrypt></xml>";
        }

        private ForgedPush.Sent post(String query, String body) {
            return postBytes(query, body.getBytes(StandardCharsets.UTF_8));
        }

        private ForgedPush.Sent postBytes(String query, byte[] body) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(realm.pushUrl() + "?" + query))
                        .header("Content-Type", "text/xml").timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                return new ForgedPush.Sent(response.statusCode(), response.body());
            } catch (Exception e) {
                throw new IllegalStateException(query, e);
            }
        }

        // --- WeChat's message encryption, done by hand so that each part can be broken on purpose ------------

        private byte[] key() {
            return Base64.getDecoder().decode(app.encodingAesKey() + "=");
        }

        private static byte[] otherKey() {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            return key;
        }

        private byte[] ciphertext(String inner) {
            return Base64.getDecoder().decode(seal(pkcs7(plaintext(inner, app.appId())), key()));
        }

        private static byte[] plaintext(String inner, String appId) {
            byte[] message = inner.getBytes(StandardCharsets.UTF_8);
            return plaintext(message, appId, message.length);
        }

        private static byte[] plaintext(String inner, String appId, int declaredLength) {
            return plaintext(inner.getBytes(StandardCharsets.UTF_8), appId, declaredLength);
        }

        /** random(16) + length (4 bytes, big-endian) + message + AppID */
        private static byte[] plaintext(byte[] message, String appId, int declaredLength) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] random = new byte[16];
            RANDOM.nextBytes(random);
            out.writeBytes(random);
            out.writeBytes(ByteBuffer.allocate(4).putInt(declaredLength).array());
            out.writeBytes(message);
            out.writeBytes(appId.getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        /** WeChat's PKCS#7 variant: padded to a multiple of 32 bytes. */
        private static byte[] pkcs7(byte[] data) {
            int pad = 32 - data.length % 32;
            return withPadding(data, pad, pad);
        }

        /** Padded to a whole AES block with {@code padByte} as every padding byte, whatever its value. */
        private static byte[] withPadding(byte[] data, int padByte) {
            int pad = 16 - data.length % 16;
            return withPadding(data, pad, padByte);
        }

        private static byte[] withPadding(byte[] data, int count, int padByte) {
            byte[] out = java.util.Arrays.copyOf(data, data.length + count);
            java.util.Arrays.fill(out, data.length, out.length, (byte) padByte);
            return out;
        }

        /** AES-256-CBC without further padding, IV = the key's first 16 bytes, base64. */
        private static String seal(byte[] padded, byte[] key) {
            try {
                Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                        new IvParameterSpec(java.util.Arrays.copyOf(key, 16)));
                return Base64.getEncoder().encodeToString(cipher.doFinal(padded));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 120 ? body.substring(0, 120) + "..." : body;
    }
}
