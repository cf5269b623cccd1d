package io.github.keycloakwechat.push;

import io.github.keycloakwechat.broker.ConfigChoice;

/** WeChat's message encryption modes (消息加解密方式). */
public enum MessageMode implements ConfigChoice {
    /** 明文: pushes are signed only. */
    PLAIN,
    /** 兼容: plaintext fields and an encrypted copy; we only trust the encrypted copy. */
    COMPATIBLE,
    /** 安全: only the encrypted copy. */
    SAFE;

    public boolean encrypted() {
        return this != PLAIN;
    }
}
