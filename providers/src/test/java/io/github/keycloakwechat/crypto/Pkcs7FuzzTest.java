package io.github.keycloakwechat.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Pkcs7} directly (it is package-private, hence this package): padding any data gives a whole number of
 * 32-byte blocks that unpads to the data's length, and unpadding any bytes either names a length whose padding bytes
 * all hold the pad count, or throws {@link WeChatCryptoException#ILLEGAL_BUFFER}; nothing else. The fuzz tests of
 * the other targets live in {@code io.github.keycloakwechat.fuzz}; see docs/fuzzing.md.
 */
class Pkcs7FuzzTest {

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    void unpad(byte[] data) {
        byte[] padded = Pkcs7.pad(data);
        assertEquals(0, padded.length % Pkcs7.BLOCK);
        assertTrue(padded.length > data.length && padded.length <= data.length + Pkcs7.BLOCK);
        assertArrayEquals(data, Arrays.copyOf(padded, data.length));
        try {
            assertEquals(data.length, Pkcs7.unpaddedLength(padded));
        } catch (WeChatCryptoException e) {
            throw new AssertionError("own padding refused", e);
        }

        int length;
        try {
            length = Pkcs7.unpaddedLength(data);
        } catch (WeChatCryptoException e) {
            assertEquals(WeChatCryptoException.ILLEGAL_BUFFER, e.code());
            return;
        }
        int n = data.length - length;
        assertTrue(n >= 1 && n <= Pkcs7.BLOCK, "pad count out of range");
        for (int i = length; i < data.length; i++) {
            assertEquals(n, data[i] & 0xff, "a padding byte that does not hold the pad count");
        }
    }
}
