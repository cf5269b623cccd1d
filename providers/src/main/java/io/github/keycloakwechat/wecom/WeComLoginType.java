package io.github.keycloakwechat.wecom;

import io.github.keycloakwechat.broker.ConfigChoice;

/** {@code login_type} of WeCom's web login: a self-built or agent-developed app, or a third-party service app. */
public enum WeComLoginType implements ConfigChoice {
    CORP_APP("CorpApp"),
    SERVICE_APP("ServiceApp");

    private final String configValue;

    WeComLoginType(String configValue) {
        this.configValue = configValue;
    }

    @Override
    public String configValue() {
        return configValue;
    }
}
