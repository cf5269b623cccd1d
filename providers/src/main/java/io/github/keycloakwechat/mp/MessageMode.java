package io.github.keycloakwechat.mp;

import java.util.Locale;

/** WeChat's message encryption modes (消息加解密方式). */
public enum MessageMode {
    /** 明文: pushes are signed only. */
    PLAIN,
    /** 兼容: plaintext fields and an encrypted copy; we only trust the encrypted copy. */
    COMPATIBLE,
    /** 安全: only the encrypted copy. */
    SAFE;

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean encrypted() {
        return this != PLAIN;
    }

    static MessageMode fromConfig(String value) {
        for (MessageMode mode : values()) {
            if (mode.configValue().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("messageMode must be plain, compatible or safe");
    }
}
