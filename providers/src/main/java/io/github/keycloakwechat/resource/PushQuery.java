package io.github.keycloakwechat.resource;

/** The query string WeChat puts on every push. {@code encrypt_type=aes} means the body carries {@code <Encrypt>}. */
record PushQuery(String signature, String timestamp, String nonce, String encryptType, String msgSignature) {

    boolean encrypted() {
        return "aes".equalsIgnoreCase(encryptType);
    }
}
