package io.github.keycloakwechat.wecom;

import io.github.keycloakwechat.broker.WeChatProviderConfig;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

/** Typed view of a {@code wecom} identity provider; see {@link WeComSetting}. */
public class WeComConfig extends WeChatProviderConfig {

    public static final String DEFAULT_API_BASE_URL = "https://qyapi.weixin.qq.com";
    public static final String DEFAULT_LOGIN_BASE_URL = "https://login.work.weixin.qq.com";
    public static final String DEFAULT_OAUTH_BASE_URL = "https://open.weixin.qq.com";

    public WeComConfig() {
    }

    public WeComConfig(IdentityProviderModel model) {
        super(model);
    }

    public String agentId() {
        String agentId = optional(WeComSetting.AGENT_ID);
        require(agentId != null, "AgentId is required");
        return agentId.trim();
    }

    public WeComLoginType loginType() {
        return choice(WeComSetting.LOGIN_TYPE, WeComLoginType.class);
    }

    public WeComScope inClientScope() {
        return choice(WeComSetting.IN_CLIENT_SCOPE, WeComScope.class);
    }

    public boolean usernameIsUserid() {
        return Boolean.parseBoolean(value(WeComSetting.USERNAME_IS_USERID).trim());
    }

    public String language() {
        return value(WeComSetting.LANGUAGE).trim();
    }

    @Override
    public String apiBaseUrl() {
        return baseUrl(WeComSetting.API_BASE_URL);
    }

    public String loginBaseUrl() {
        return baseUrl(WeComSetting.LOGIN_BASE_URL);
    }

    public String oauthBaseUrl() {
        return baseUrl(WeComSetting.OAUTH_BASE_URL);
    }

    @Override
    public void validate(RealmModel realm) {
        super.validate(realm);
        agentId();
        loginType();
        inClientScope();
        requireHttpUrl(WeComSetting.API_BASE_URL);
        requireHttpUrl(WeComSetting.LOGIN_BASE_URL);
        requireHttpUrl(WeComSetting.OAUTH_BASE_URL);
    }
}
