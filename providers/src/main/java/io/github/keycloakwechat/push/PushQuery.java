package io.github.keycloakwechat.push;

/** The query string WeChat puts on every push. {@code encrypt_type=aes} means the body carries {@code <Encrypt>}. */
public record PushQuery(String signature, String timestamp, String nonce, String encryptType, String msgSignature) {

    public boolean encrypted() {
        return "aes".equalsIgnoreCase(encryptType);
    }
}
