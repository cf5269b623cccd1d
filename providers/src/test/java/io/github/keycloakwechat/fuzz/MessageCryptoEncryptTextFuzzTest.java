package io.github.keycloakwechat.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatCryptoException;
import io.github.keycloakwechat.crypto.WeChatSignature;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * {@link MessageCrypto#decrypt} on any {@code <Encrypt>} text, correctly signed (so the fuzzer gets past the signature
 * to the base64, AES, padding and layout checks): a message, or {@link WeChatCryptoException} with one of the
 * decryption codes and a fixed phrase, never another exception. The same text with a wrong signature is refused
 * before decryption, always.
 */
class MessageCryptoEncryptTextFuzzTest {

    static final Set<Integer> DECRYPT_CODES = Set.of(WeChatCryptoException.DECODE_BASE64,
            WeChatCryptoException.DECRYPT_AES, WeChatCryptoException.ILLEGAL_BUFFER,
            WeChatCryptoException.VALIDATE_APPID);
    /** Error messages end up in logs: fixed phrases, never key material, ciphertext or plaintext. */
    static final Pattern FIXED_PHRASE = Pattern.compile("[A-Za-z0-9 _-]{1,60}");
    private static final MessageCrypto CRYPTO = WeChatVectors.crypto();
    private static final String WRONG_SIGNATURE = "da39a3ee5e6b4b0d3255bfef95601890afd80709";

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    void decrypt(byte[] data) {
        String encrypt = FuzzSupport.utf8(data);
        String signature = WeChatSignature.sign(WeChatVectors.TOKEN, WeChatVectors.TIMESTAMP, WeChatVectors.NONCE,
                encrypt);
        String signed = null;
        try {
            signed = CRYPTO.decrypt(signature, WeChatVectors.TIMESTAMP, WeChatVectors.NONCE, encrypt);
        } catch (WeChatCryptoException e) {
            assertDecryptionFailure(e);
        }
        String unverified = null;
        try {
            unverified = CRYPTO.decryptUnverified(encrypt);
        } catch (WeChatCryptoException e) {
            assertDecryptionFailure(e);
        }
        assertEquals(signed, unverified, "the signature check changed the outcome of a correctly signed push");

        try {
            CRYPTO.decrypt(WRONG_SIGNATURE, WeChatVectors.TIMESTAMP, WeChatVectors.NONCE, encrypt);
            throw new AssertionError("decrypted with a wrong msg_signature");
        } catch (WeChatCryptoException e) {
            assertEquals(WeChatCryptoException.VALIDATE_SIGNATURE, e.code());
        }
    }

    static void assertDecryptionFailure(WeChatCryptoException e) {
        assertTrue(DECRYPT_CODES.contains(e.code()), () -> "unexpected code " + e);
        assertTrue(FIXED_PHRASE.matcher(e.getMessage()).matches(), () -> "message is not a fixed phrase: " + e);
    }
}
