package io.github.keycloakwechat.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatCryptoException;
import io.github.keycloakwechat.crypto.WeChatSignature;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Timeout;

/**
 * What lies behind the AES layer: the fuzzer chooses the decrypted bytes (random prefix, length field, message, AppID,
 * PKCS#7 padding to 32) and the test encrypts them, so {@link MessageCrypto#decrypt} and the package-private
 * {@code Pkcs7.unpaddedLength} see every layout a sender holding the key could produce. The result is compared with an
 * independent reading of WeChat's layout: the same message, or a failure with the same code.
 */
class MessageCryptoPlaintextFuzzTest {

    private static final MessageCrypto CRYPTO = WeChatVectors.crypto();
    private static final byte[] APP_ID = WeChatVectors.APP_ID.getBytes(StandardCharsets.UTF_8);

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    void decrypt(byte[] data) {
        byte[] plain = Arrays.copyOf(data, data.length - data.length % 16); // AES needs whole blocks
        String encrypt = Base64.getEncoder().encodeToString(WeChatVectors.aesEncryptRaw(plain));
        String signature = WeChatSignature.sign(WeChatVectors.TOKEN, WeChatVectors.TIMESTAMP, WeChatVectors.NONCE,
                encrypt);
        Object expected = reference(plain);
        Object actual;
        try {
            actual = CRYPTO.decrypt(signature, WeChatVectors.TIMESTAMP, WeChatVectors.NONCE, encrypt);
        } catch (WeChatCryptoException e) {
            MessageCryptoEncryptTextFuzzTest.assertDecryptionFailure(e);
            actual = e.code();
        }
        assertEquals(expected, actual);
    }

    /** WeChat's layout, read independently: the message, or the WXBizMsgCrypt code of the first check that fails. */
    private static Object reference(byte[] plain) {
        if (plain.length == 0) {
            return WeChatCryptoException.DECODE_BASE64; // an empty Encrypt is a missing one
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > 32 || pad > plain.length) {
            return WeChatCryptoException.ILLEGAL_BUFFER;
        }
        for (int i = plain.length - pad; i < plain.length; i++) {
            if ((plain[i] & 0xff) != pad) {
                return WeChatCryptoException.ILLEGAL_BUFFER;
            }
        }
        int end = plain.length - pad;
        if (end < 20) {
            return WeChatCryptoException.ILLEGAL_BUFFER;
        }
        long length = ByteBuffer.wrap(plain, 16, 4).getInt() & 0xffffffffL;
        if (length > end - 20) {
            return WeChatCryptoException.ILLEGAL_BUFFER;
        }
        int messageEnd = 20 + (int) length;
        if (!Arrays.equals(Arrays.copyOfRange(plain, messageEnd, end), APP_ID)) {
            return WeChatCryptoException.VALIDATE_APPID;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain, 20, (int) length)).toString();
        } catch (CharacterCodingException e) {
            return WeChatCryptoException.ILLEGAL_BUFFER;
        }
    }
}
