package io.github.keycloakwechat.mp;

/** What the identity provider does when the browser is WeChat's own: web OAuth with a scope, or nothing special. */
public enum InWeChatScope {
    SNSAPI_BASE("snsapi_base"),
    SNSAPI_USERINFO("snsapi_userinfo"),
    OFF("off");

    private final String configValue;

    InWeChatScope(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    static InWeChatScope fromConfig(String value) {
        for (InWeChatScope scope : values()) {
            if (scope.configValue.equalsIgnoreCase(value == null ? "" : value.trim())) {
                return scope;
            }
        }
        throw new IllegalArgumentException("inWeChatScope must be snsapi_base, snsapi_userinfo or off");
    }
}
