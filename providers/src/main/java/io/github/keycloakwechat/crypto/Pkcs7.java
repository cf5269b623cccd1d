package io.github.keycloakwechat.crypto;

import java.util.Arrays;

/**
 * PKCS#7 padding with WeChat's block size of 32 bytes. The JCE's "PKCS5Padding" pads to the AES block of 16
 * bytes, which WeChat rejects for about half of all lengths, so the padding is done here and AES runs unpadded.
 */
final class Pkcs7 {

    static final int BLOCK = 32;

    private Pkcs7() {
    }

    /** Appends 1..32 bytes each equal to their count; an aligned input gets a full block of 32. */
    static byte[] pad(byte[] data) {
        int n = BLOCK - data.length % BLOCK;
        byte[] out = Arrays.copyOf(data, data.length + n);
        Arrays.fill(out, data.length, out.length, (byte) n);
        return out;
    }

    /** The length of {@code data} without its padding, checking every pad byte. */
    static int unpaddedLength(byte[] data) throws WeChatCryptoException {
        if (data.length == 0) {
            throw new WeChatCryptoException(WeChatCryptoException.ILLEGAL_BUFFER, "empty plaintext");
        }
        int n = data[data.length - 1] & 0xff;
        if (n < 1 || n > BLOCK || n > data.length) {
            throw new WeChatCryptoException(WeChatCryptoException.ILLEGAL_BUFFER, "invalid padding");
        }
        for (int i = data.length - n; i < data.length; i++) {
            if ((data[i] & 0xff) != n) {
                throw new WeChatCryptoException(WeChatCryptoException.ILLEGAL_BUFFER, "invalid padding");
            }
        }
        return data.length - n;
    }
}
