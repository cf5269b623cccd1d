package io.github.keycloakwechat.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Reproduces WeChat's published example (wechat-vectors.md V1c/V1d) and probes every rejection path. */
class MessageCryptoTest {

    static final String TOKEN = "AAAAA";
    static final String AES_KEY = "A".repeat(43);
    static final String APP_ID = "wxba5fad812f8e6fb9";

    static final String V1C_ENCRYPT = "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=";
    static final String V1C_MSG = "{\"ToUserName\":\"gh_97417a04a28d\",\"FromUserName\":\"o9AgO5Kd5ggOC-bXrbNODIiE3bGY\","
            + "\"CreateTime\":1714112445,\"MsgType\":\"event\",\"Event\":\"debug_demo\",\"debug_str\":\"hello world\"}";
    static final String V1C_TIMESTAMP = "1714112445";
    static final String V1C_NONCE = "415670741";
    static final String V1C_MSG_SIGNATURE = "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3";
    static final String V1C_PLAIN_SIGNATURE = "6c5c811b55cc85e0e1b54100749188c20beb3f5d";

    private final MessageCrypto crypto = newCrypto(APP_ID);

    @Test
    void decryptsV1cToThePublishedMessage() throws Exception {
        assertEquals(V1C_MSG, crypto.decrypt(V1C_MSG_SIGNATURE, V1C_TIMESTAMP, V1C_NONCE, V1C_ENCRYPT));
        assertEquals(167, V1C_MSG.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(224, Base64.getDecoder().decode(V1C_ENCRYPT).length);
    }

    @Test
    void v1cRandomPrefixIsSixteenAsciiCharactersAndReEncryptsByteForByte() throws Exception {
        byte[] plain = rawDecrypt(Base64.getDecoder().decode(V1C_ENCRYPT));
        assertEquals("a8eedb185eb2fecf", new String(plain, 0, 16, StandardCharsets.US_ASCII));

        EncryptedReply again = crypto.encrypt(V1C_MSG, V1C_TIMESTAMP, V1C_NONCE, ascii("a8eedb185eb2fecf"));
        assertEquals(V1C_ENCRYPT, again.encrypt());
        assertEquals(V1C_MSG_SIGNATURE, again.msgSignature());
    }

    @Test
    void encryptsV1dByteForByte() throws Exception {
        EncryptedReply reply = crypto.encrypt("{\"demo_resp\":\"good luck\"}", "1713424427", "415670741",
                ascii("707722b803182950"));
        assertEquals("ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==",
                reply.encrypt());
        assertEquals("1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1", reply.msgSignature());
        assertEquals("1713424427", reply.timeStamp());
        assertEquals("415670741", reply.nonce());
        assertEquals("<xml><Encrypt><![CDATA[ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==]]></Encrypt>"
                + "<MsgSignature><![CDATA[1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1]]></MsgSignature>"
                + "<TimeStamp>1713424427</TimeStamp><Nonce><![CDATA[415670741]]></Nonce></xml>", reply.toXml());
    }

    @Test
    void plainSignatureIsNotAcceptedAsMsgSignature() {
        // A common integration mistake: verifying the body with `signature` instead of `msg_signature`.
        assertCode(WeChatCryptoException.VALIDATE_SIGNATURE,
                () -> crypto.decrypt(V1C_PLAIN_SIGNATURE, V1C_TIMESTAMP, V1C_NONCE, V1C_ENCRYPT));
        assertCode(WeChatCryptoException.VALIDATE_SIGNATURE,
                () -> crypto.decrypt(V1C_MSG_SIGNATURE, "1714112446", V1C_NONCE, V1C_ENCRYPT));
        assertCode(WeChatCryptoException.VALIDATE_SIGNATURE,
                () -> crypto.decrypt(null, V1C_TIMESTAMP, V1C_NONCE, V1C_ENCRYPT));
    }

    @Test
    void wrongTokenFailsSignature() throws Exception {
        MessageCrypto other = new MessageCrypto("BBBBB", AES_KEY, APP_ID);
        assertCode(WeChatCryptoException.VALIDATE_SIGNATURE,
                () -> other.decrypt(V1C_MSG_SIGNATURE, V1C_TIMESTAMP, V1C_NONCE, V1C_ENCRYPT));
    }

    @Test
    void wrongAppIdIsRejectedWithoutLeakingThePlaintext() {
        MessageCrypto other = newCrypto("wx0000000000000000");
        WeChatCryptoException e = assertCode(WeChatCryptoException.VALIDATE_APPID,
                () -> other.decrypt(V1C_MSG_SIGNATURE, V1C_TIMESTAMP, V1C_NONCE, V1C_ENCRYPT));
        assertFalse(e.toString().contains(APP_ID));
        assertFalse(e.toString().contains("o9AgO5Kd5ggOC"));
        // A prefix of the real AppID is not the AppID either.
        assertCode(WeChatCryptoException.VALIDATE_APPID, () -> newCrypto("wxba5fad812f8e6fb").decryptUnverified(V1C_ENCRYPT));
        assertCode(WeChatCryptoException.VALIDATE_APPID, () -> newCrypto("").decryptUnverified(V1C_ENCRYPT));
    }

    @Test
    void everyFlippedCiphertextByteIsRejectedBySignature() {
        byte[] original = Base64.getDecoder().decode(V1C_ENCRYPT);
        for (int i = 0; i < original.length; i++) {
            String tampered = flip(original, i);
            assertCode(WeChatCryptoException.VALIDATE_SIGNATURE,
                    () -> crypto.decrypt(V1C_MSG_SIGNATURE, V1C_TIMESTAMP, V1C_NONCE, tampered));
        }
    }

    @Test
    void flippedBytesInPaddingOrLengthAreRejectedEvenUnverified() {
        byte[] original = Base64.getDecoder().decode(V1C_ENCRYPT);
        // The last two blocks decrypt into the AppID tail and padding; block 0 feeds msg_len in block 1.
        for (int i = original.length - 32; i < original.length; i++) {
            String tampered = flip(original, i);
            WeChatCryptoException e = assertThrows(WeChatCryptoException.class, () -> crypto.decryptUnverified(tampered));
            assertTrue(e.code() == WeChatCryptoException.ILLEGAL_BUFFER || e.code() == WeChatCryptoException.VALIDATE_APPID,
                    "byte " + i + " gave " + e.code());
        }
        assertCode(WeChatCryptoException.ILLEGAL_BUFFER, () -> crypto.decryptUnverified(flip(original, 0)));
    }

    @Test
    void roundTripsWithRandomKeysAndAllPaddingLengths() throws Exception {
        SecureRandom random = new SecureRandom();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int round = 0; round < 20; round++) {
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < 43; i++) {
                key.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            MessageCrypto c = new MessageCrypto("token" + round, key.toString(), "wx" + round);
            for (int length = 0; length <= 70; length++) {
                String msg = "中".repeat(length % 3) + "x".repeat(length);
                EncryptedReply reply = c.encrypt(msg, "1713424427", "nonce" + length);
                assertEquals(0, Base64.getDecoder().decode(reply.encrypt()).length % 32);
                assertEquals(msg, c.decrypt(reply.msgSignature(), reply.timeStamp(), reply.nonce(), reply.encrypt()));
            }
        }
    }

    @Test
    void alignedPlaintextGetsAFullBlockOfPadding() throws Exception {
        // 16 + 4 + 18 ("wxba5fad812f8e6fb9") = 38; a 26-byte message makes 64, a multiple of 32.
        EncryptedReply reply = crypto.encrypt("x".repeat(26), "1", "2", new byte[16]);
        byte[] plain = rawDecrypt(Base64.getDecoder().decode(reply.encrypt()));
        assertEquals(96, plain.length);
        for (int i = 64; i < 96; i++) {
            assertEquals(32, plain[i]);
        }
    }

    @Test
    void randomPrefixMakesRepliesDiffer() throws Exception {
        EncryptedReply a = crypto.encrypt("same", "1", "2");
        EncryptedReply b = crypto.encrypt("same", "1", "2");
        assertNotEquals(a.encrypt(), b.encrypt());
    }

    @Test
    void rejectsMalformedKeys() {
        for (String key : new String[] {null, "", "A".repeat(42), "A".repeat(44), "A".repeat(42) + "+",
                "A".repeat(42) + "/", "A".repeat(42) + "=", "A".repeat(42) + "中"}) {
            assertCode(WeChatCryptoException.ILLEGAL_AES_KEY, () -> new MessageCrypto(TOKEN, key, APP_ID));
        }
    }

    @Test
    void toleratesNonCanonicalTrailingBitsInTheKey() throws Exception {
        // "...B" sets one of the two unused low bits of the last character: same 32 key bytes as "...A".
        MessageCrypto nonCanonical = new MessageCrypto(TOKEN, "A".repeat(42) + "B", APP_ID);
        assertEquals(V1C_MSG, nonCanonical.decrypt(V1C_MSG_SIGNATURE, V1C_TIMESTAMP, V1C_NONCE, V1C_ENCRYPT));
    }

    @Test
    void rejectsBadBase64AndBadLengths() {
        assertCode(WeChatCryptoException.DECODE_BASE64, () -> crypto.decryptUnverified("not base64!"));
        assertCode(WeChatCryptoException.DECODE_BASE64, () -> crypto.decryptUnverified(null));
        assertCode(WeChatCryptoException.DECODE_BASE64, () -> crypto.decryptUnverified(""));
        // Spaces are what a '+' turns into when someone forgets that the query string was URL-decoded twice.
        assertCode(WeChatCryptoException.DECODE_BASE64, () -> crypto.decryptUnverified(V1C_ENCRYPT.replace('+', ' ')));
        assertCode(WeChatCryptoException.DECRYPT_AES, () -> crypto.decryptUnverified(b64(new byte[20])));
    }

    @Test
    void rejectsBadPadding() {
        byte[] full = layout(5, "hello", APP_ID); // 43 bytes
        assertCode(WeChatCryptoException.ILLEGAL_BUFFER, () -> decryptRaw(withPad(full, 64, 0)));
        assertCode(WeChatCryptoException.ILLEGAL_BUFFER, () -> decryptRaw(withPad(full, 64, 33)));
        byte[] inconsistent = withPad(full, 64, 21);
        inconsistent[50] = 20;
        assertCode(WeChatCryptoException.ILLEGAL_BUFFER, () -> decryptRaw(inconsistent));
        // The same layout with correct padding decrypts, so the failures above are about the padding alone.
        assertDoesDecrypt("hello", withPad(full, 64, 21));
    }

    @Test
    void rejectsLengthBeyondTheBuffer() {
        byte[] tooLong = layout(5, "hello", APP_ID);
        ByteBuffer.wrap(tooLong).putInt(16, 5 + APP_ID.length() + 1);
        assertCode(WeChatCryptoException.ILLEGAL_BUFFER, () -> decryptRaw(withPad(tooLong, 64, 21)));
        byte[] huge = layout(5, "hello", APP_ID);
        ByteBuffer.wrap(huge).putInt(16, -1); // 0xffffffff as uint32, not -1
        assertCode(WeChatCryptoException.ILLEGAL_BUFFER, () -> decryptRaw(withPad(huge, 64, 21)));
        byte[] shorter = layout(5, "hello", APP_ID);
        ByteBuffer.wrap(shorter).putInt(16, 4); // msg "hell", tail "o" + AppID
        assertCode(WeChatCryptoException.VALIDATE_APPID, () -> decryptRaw(withPad(shorter, 64, 21)));
        assertCode(WeChatCryptoException.ILLEGAL_BUFFER, () -> decryptRaw(new byte[] {
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 14}));
    }

    @Test
    void rejectsInvalidUtf8Message() {
        byte[] full = layout(2, "ab", APP_ID);
        full[20] = (byte) 0xff;
        assertCode(WeChatCryptoException.ILLEGAL_BUFFER, () -> decryptRaw(withPad(full, 64, 24)));
    }

    @Test
    void emptyReceiveIdServesWeComRobots() throws Exception {
        MessageCrypto robot = newCrypto("");
        EncryptedReply reply = robot.encrypt("hi", "1", "2");
        assertEquals("hi", robot.decrypt(reply.msgSignature(), "1", "2", reply.encrypt()));
        assertCode(WeChatCryptoException.VALIDATE_APPID, () -> crypto.decryptUnverified(reply.encrypt()));
        assertEquals("", robot.receiveId());
    }

    @Test
    void encryptedReplyXmlCannotBeBrokenByTheNonce() throws Exception {
        EncryptedReply reply = crypto.encrypt("x", "1<2", "a]]>b", new byte[16]);
        String xml = reply.toXml();
        assertTrue(xml.contains("<TimeStamp>1&lt;2</TimeStamp>"));
        assertTrue(xml.contains("<Nonce><![CDATA[a]]]]><![CDATA[>b]]></Nonce>"));
    }

    /** A fuzzing finding: a nonce with a control character made the reply XML ill-formed. */
    @Test
    void refusesToSignANonceOrTimestampTheReplyXmlCannotCarry() {
        for (String bad : new String[] {"a\u0001b", "a\rb", "\u0000", "a\uD800", "\uFFFE"}) {
            assertCode(WeChatCryptoException.COMPUTE_SIGNATURE, () -> crypto.encrypt("x", "1", bad, new byte[16]));
            assertCode(WeChatCryptoException.COMPUTE_SIGNATURE, () -> crypto.encrypt("x", bad, "2"));
        }
    }

    private static MessageCrypto newCrypto(String receiveId) {
        try {
            return new MessageCrypto(TOKEN, AES_KEY, receiveId);
        } catch (WeChatCryptoException e) {
            throw new AssertionError(e);
        }
    }

    private static WeChatCryptoException assertCode(int code, Executable call) {
        WeChatCryptoException e = assertThrows(WeChatCryptoException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    private void assertDoesDecrypt(String expected, byte[] padded) {
        try {
            assertEquals(expected, decryptRaw(padded));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String decryptRaw(byte[] padded) throws Exception {
        return crypto.decryptUnverified(b64(rawEncrypt(padded)));
    }

    /** random16 (zeros) || uint32_be(len) || msg || receiveId, before padding. */
    private static byte[] layout(int declaredLength, String msg, String receiveId) {
        byte[] m = msg.getBytes(StandardCharsets.UTF_8);
        byte[] r = receiveId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(20 + m.length + r.length).position(16).putInt(declaredLength).put(m).put(r).array();
    }

    private static byte[] withPad(byte[] data, int total, int padByte) {
        byte[] out = java.util.Arrays.copyOf(data, total);
        java.util.Arrays.fill(out, data.length, total, (byte) padByte);
        return out;
    }

    // The example key is 43 'A's: 32 zero bytes, IV = 16 zero bytes.
    private static byte[] rawEncrypt(byte[] padded) throws Exception {
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[32], "AES"), new IvParameterSpec(new byte[16]));
        return c.doFinal(padded);
    }

    private static byte[] rawDecrypt(byte[] cipherText) throws Exception {
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(new byte[32], "AES"), new IvParameterSpec(new byte[16]));
        return c.doFinal(cipherText);
    }

    private static String flip(byte[] original, int index) {
        byte[] copy = original.clone();
        copy[index] ^= 0x01;
        return b64(copy);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
