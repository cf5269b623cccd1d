package io.github.keycloakwechat.wecom;

import io.github.keycloakwechat.broker.ProviderSetting;
import io.github.keycloakwechat.broker.SettingSpec;

/**
 * Every setting of the WeCom provider, declared once. Client ID is the CorpID, Client Secret the app's Secret
 * (vault references work).
 */
public enum WeComSetting implements ProviderSetting {
    AGENT_ID(SettingSpec.text("agentId", "AgentId", "The AgentId of the self-built app (应用管理 → 应用 → AgentId).", null)),
    LOGIN_TYPE(SettingSpec.choice("loginType", "Login type",
            "CorpApp: a self-built or agent-developed app. ServiceApp: a third-party service app (Client ID is then the SuiteID).",
            WeComLoginType.CORP_APP.configValue(), WeComLoginType.CORP_APP.configValue(),
            WeComLoginType.SERVICE_APP.configValue())),
    IN_CLIENT_SCOPE(SettingSpec.choice("inClientScope", "Scope inside the WeCom client",
            "snsapi_base: silent. snsapi_privateinfo: the member confirms once, and the login carries their mobile and email "
                    + "(if the admin allowed the app to see them).",
            WeComScope.SNSAPI_BASE.configValue(), WeComScope.SNSAPI_BASE.configValue(),
            WeComScope.SNSAPI_PRIVATEINFO.configValue())),
    USERNAME_IS_USERID(SettingSpec.choice("usernameIsUserid", "Username = WeCom userid",
            "true: new users get the member's userid as username. false: a digest of CorpID and userid.",
            "false", "false", "true")),
    LANGUAGE(SettingSpec.choice("language", "Language of WeCom's page", "zh or en.", "zh", "zh", "en")),
    API_BASE_URL(SettingSpec.text("apiBaseUrl", "API base URL",
            "Base URL of the WeCom API (default https://qyapi.weixin.qq.com). Point it at the sandbox or a proxy.",
            WeComConfig.DEFAULT_API_BASE_URL)),
    LOGIN_BASE_URL(SettingSpec.text("loginBaseUrl", "Web login base URL",
            "Base URL of WeCom's web login (default https://login.work.weixin.qq.com).", WeComConfig.DEFAULT_LOGIN_BASE_URL)),
    OAUTH_BASE_URL(SettingSpec.text("oauthBaseUrl", "In-client OAuth base URL",
            "Base URL of OAuth inside the WeCom client (default https://open.weixin.qq.com).", WeComConfig.DEFAULT_OAUTH_BASE_URL));

    private final SettingSpec spec;

    WeComSetting(SettingSpec spec) {
        this.spec = spec;
    }

    @Override
    public SettingSpec spec() {
        return spec;
    }
}
