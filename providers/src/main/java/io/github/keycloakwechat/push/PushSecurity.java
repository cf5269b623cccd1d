package io.github.keycloakwechat.push;

import io.github.keycloakwechat.crypto.MessageCrypto;

/**
 * How one provider's pushes are verified and opened: its message mode and secrets. Each is resolved only when a push
 * needs it (a plain-mode provider may have no EncodingAESKey), and each method throws
 * {@link io.github.keycloakwechat.broker.ProviderMisconfiguredException} when its setting or secret cannot be used.
 */
public interface PushSecurity {

    MessageMode mode();

    /** The Token that signs pushes (服务器配置 → 令牌). */
    String token();

    /** The message crypto for encrypted pushes, checking the AppID (or CorpID) inside each ciphertext. */
    MessageCrypto crypto();
}
