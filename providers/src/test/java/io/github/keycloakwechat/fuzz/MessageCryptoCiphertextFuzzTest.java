package io.github.keycloakwechat.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatCryptoException;
import io.github.keycloakwechat.crypto.WeChatSignature;
import java.util.Base64;
import org.junit.jupiter.api.Timeout;

/**
 * {@link MessageCrypto#decrypt} on raw ciphertext bytes, base64-encoded the way WeChat does: what a forger who flips,
 * truncates or extends a captured ciphertext produces. A message or a {@link WeChatCryptoException} with a decryption
 * code; nothing else.
 */
class MessageCryptoCiphertextFuzzTest {

    private static final MessageCrypto CRYPTO = WeChatVectors.crypto();

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    void decrypt(byte[] cipherText) {
        String encrypt = Base64.getEncoder().encodeToString(cipherText);
        String signature = WeChatSignature.sign(WeChatVectors.TOKEN, WeChatVectors.TIMESTAMP, WeChatVectors.NONCE,
                encrypt);
        try {
            String message = CRYPTO.decrypt(signature, WeChatVectors.TIMESTAMP, WeChatVectors.NONCE, encrypt);
            // Whatever decrypts encrypts back, with the same random prefix, to the same ciphertext (unless the sender
            // padded to 16 rather than 32 bytes, which WeChat's own code accepts too).
            byte[] prefix = decryptBlock0(cipherText);
            String again = CRYPTO.encrypt(message, WeChatVectors.TIMESTAMP, WeChatVectors.NONCE, prefix).encrypt();
            if (again.length() == encrypt.length()) {
                assertEquals(encrypt, again, "decrypt and encrypt disagree");
            }
            assertEquals(message, CRYPTO.decryptUnverified(again));
        } catch (WeChatCryptoException e) {
            MessageCryptoEncryptTextFuzzTest.assertDecryptionFailure(e);
        }
    }

    /** The first plaintext block: the random prefix the sender chose. */
    private static byte[] decryptBlock0(byte[] cipherText) {
        try {
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
            byte[] key = Base64.getDecoder().decode(WeChatVectors.ENCODING_AES_KEY + "=");
            cipher.init(javax.crypto.Cipher.DECRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                    new javax.crypto.spec.IvParameterSpec(java.util.Arrays.copyOf(key, 16)));
            return cipher.doFinal(cipherText, 0, 16);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
