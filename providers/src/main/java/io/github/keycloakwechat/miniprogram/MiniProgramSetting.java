package io.github.keycloakwechat.miniprogram;

import io.github.keycloakwechat.api.WeChatAppCredentials;
import io.github.keycloakwechat.broker.ProviderSetting;
import io.github.keycloakwechat.broker.SettingSpec;

/**
 * Every setting of the Mini Program provider, declared once. AppID and AppSecret are the Mini Program's, in Keycloak's
 * Client ID and Client Secret fields. Clients that may use the Mini Program grant name this provider's alias in their
 * attribute {@value MiniProgramGrantType#CLIENT_ATTRIBUTE}.
 */
public enum MiniProgramSetting implements ProviderSetting {
    API_BASE_URL(SettingSpec.text("apiBaseUrl", "API base URL",
            "Base URL of the WeChat API (default https://api.weixin.qq.com); the NocoBase plugin's Proxy URL. Point it at the sandbox or a proxy.",
            WeChatAppCredentials.DEFAULT_API_BASE_URL)),
    PHONE_SIGN_IN(SettingSpec.choice("phoneSignIn", "Verified phone number",
            "off: phone_code is ignored. link: a phone number WeChat verified signs in, and links, the one existing user "
                    + "whose phone attribute holds it; two such users are refused.",
            PhoneSignIn.OFF.configValue(), PhoneSignIn.OFF.configValue(), PhoneSignIn.LINK.configValue())),
    PHONE_ATTRIBUTE(SettingSpec.text("phoneAttribute", "Phone attribute",
            "The user attribute that holds a phone number, without country code (default phoneNumber).", "phoneNumber")),
    STORE_PHONE(SettingSpec.choice("storePhone", "Store the phone number on new users",
            "true: a user created by the Mini Program grant gets the verified phone number in the phone attribute.",
            "false", "false", "true"));

    private final SettingSpec spec;

    MiniProgramSetting(SettingSpec spec) {
        this.spec = spec;
    }

    @Override
    public SettingSpec spec() {
        return spec;
    }
}
