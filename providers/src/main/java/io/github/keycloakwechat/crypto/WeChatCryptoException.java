package io.github.keycloakwechat.crypto;

/**
 * A failure in WeChat's message signature or encryption scheme, carrying the numeric code of Tencent's
 * WXBizMsgCrypt samples so that logs and support answers line up with WeChat's own documentation.
 *
 * <p>Messages are short, fixed phrases: they never contain key material, plaintext or ciphertext, because
 * they end up in logs.
 */
public final class WeChatCryptoException extends Exception {

    private static final long serialVersionUID = 1L;

    public static final int VALIDATE_SIGNATURE = -40001;
    public static final int PARSE_XML = -40002;
    public static final int COMPUTE_SIGNATURE = -40003;
    public static final int ILLEGAL_AES_KEY = -40004;
    public static final int VALIDATE_APPID = -40005;
    public static final int ENCRYPT_AES = -40006;
    public static final int DECRYPT_AES = -40007;
    public static final int ILLEGAL_BUFFER = -40008;
    public static final int ENCODE_BASE64 = -40009;
    public static final int DECODE_BASE64 = -40010;

    private final int code;

    public WeChatCryptoException(int code, String message) {
        super(message);
        this.code = code;
    }

    WeChatCryptoException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The WXBizMsgCrypt error code, e.g. {@link #VALIDATE_SIGNATURE}. */
    public int code() {
        return code;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + code + "): " + getMessage();
    }
}
