package io.github.keycloakwechat.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.keycloakwechat.crypto.EncryptedReply;
import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatCryptoException;
import io.github.keycloakwechat.crypto.WeChatSignature;
import io.github.keycloakwechat.message.MalformedPushException;
import io.github.keycloakwechat.message.PushXmlParser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * The reply direction: {@link MessageCrypto#encrypt} of any text (every length, so {@code Pkcs7.pad} sees every
 * remainder) with any nonce, then what WeChat does with the reply: read the XML, check {@code MsgSignature}, decrypt.
 * Input layout: 16 bytes of random prefix, then the nonce up to the first NUL, then the text.
 */
class MessageCryptoRoundTripFuzzTest {

    private static final MessageCrypto CRYPTO = WeChatVectors.crypto();
    private static final PushXmlParser PARSER = new PushXmlParser();
    /** What XML 1.0 cannot carry, or changes on reading (CR); lone surrogates and U+FFFE/U+FFFF included. */
    private static final Pattern XML_UNSAFE = Pattern.compile(
            "[\\x00-\\x08\\x0B\\x0C\\x0D\\x0E-\\x1F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])"
                    + "|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]");

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    void roundTrip(byte[] data) throws WeChatCryptoException, MalformedPushException {
        byte[] prefix = Arrays.copyOf(data, 16);
        String rest = FuzzSupport.utf8(Arrays.copyOfRange(data, Math.min(16, data.length), data.length));
        int nul = rest.indexOf('\0');
        String nonce = nul < 0 ? WeChatVectors.NONCE : rest.substring(0, nul);
        String text = nul < 0 ? rest : rest.substring(nul + 1);

        EncryptedReply reply;
        try {
            reply = CRYPTO.encrypt(text, WeChatVectors.TIMESTAMP, nonce, prefix);
        } catch (WeChatCryptoException e) {
            // Refused only for a nonce that the reply XML could not carry unchanged (a fuzzing finding, now fixed).
            assertEquals(WeChatCryptoException.COMPUTE_SIGNATURE, e.code());
            assertTrue(XML_UNSAFE.matcher(nonce).find(), () -> "refused a nonce XML can carry: " + nonce);
            return;
        }

        byte[] cipherText = Base64.getDecoder().decode(reply.encrypt());
        int plainLength = 20 + text.getBytes(StandardCharsets.UTF_8).length + WeChatVectors.APP_ID.length();
        assertEquals(0, cipherText.length % 32, "not padded to WeChat's 32-byte block");
        assertTrue(cipherText.length > plainLength && cipherText.length <= plainLength + 32, "wrong padding length");
        assertEquals(WeChatSignature.sign(WeChatVectors.TOKEN, WeChatVectors.TIMESTAMP, nonce, reply.encrypt()),
                reply.msgSignature());

        Map<String, String> fields = PARSER.parse(reply.toXml().getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("Encrypt", reply.encrypt(), "MsgSignature", reply.msgSignature(),
                "TimeStamp", WeChatVectors.TIMESTAMP, "Nonce", nonce), fields, "the reply XML does not read back");
        assertEquals(text, CRYPTO.decrypt(fields.get("MsgSignature"), fields.get("TimeStamp"), fields.get("Nonce"),
                fields.get("Encrypt")));
    }
}
