package io.github.keycloakwechat.fuzz;

import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatCryptoException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The configuration of WeChat's published message-push example (shared/wechat-vectors.md, V1): the fuzz tests decrypt
 * with it, so the published ciphertexts are meaningful seeds.
 */
final class WeChatVectors {

    static final String TOKEN = "AAAAA";
    /** 43 'A's: 32 zero bytes. */
    static final String ENCODING_AES_KEY = "A".repeat(43);
    static final String APP_ID = "wxba5fad812f8e6fb9";
    static final String TIMESTAMP = "1714112445";
    static final String NONCE = "415670741";

    private static final byte[] KEY = Base64.getDecoder().decode(ENCODING_AES_KEY + "=");

    private WeChatVectors() {
    }

    static MessageCrypto crypto() {
        return crypto(APP_ID);
    }

    static MessageCrypto crypto(String receiveId) {
        try {
            return new MessageCrypto(TOKEN, ENCODING_AES_KEY, receiveId);
        } catch (WeChatCryptoException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The ciphertext whose AES-256-CBC decryption (the vectors' key, IV = first 16 key bytes, no padding) is exactly
     * {@code plain}, whose length must be a multiple of 16. It lets the fuzzer choose the plaintext behind the AES
     * layer, which it could never reach by mutating ciphertext.
     */
    static byte[] aesEncryptRaw(byte[] plain) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"),
                    new IvParameterSpec(Arrays.copyOf(KEY, 16)));
            return cipher.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
