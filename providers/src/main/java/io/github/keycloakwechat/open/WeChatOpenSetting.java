package io.github.keycloakwechat.open;

import io.github.keycloakwechat.api.WeChatAppCredentials;
import io.github.keycloakwechat.broker.ProviderSetting;
import io.github.keycloakwechat.broker.SettingSpec;

/**
 * Every setting of the Open Platform website login provider, declared once. AppID and AppSecret are the website
 * application's (网站应用, from open.weixin.qq.com; not the Service Account's), in Keycloak's Client ID and Client
 * Secret fields.
 */
public enum WeChatOpenSetting implements ProviderSetting {
    LOGIN_MODE(SettingSpec.choice("loginMode", "QR code",
            "redirect: the browser goes to WeChat's QR page (default). embedded: WeChat's QR panel (wxLogin.js) is shown "
                    + "inside Keycloak's page, and in the QR tab of the wechat login theme.",
            WebsiteLoginMode.REDIRECT.configValue(),
            WebsiteLoginMode.REDIRECT.configValue(), WebsiteLoginMode.EMBEDDED.configValue())),
    LANGUAGE(SettingSpec.choice("language", "Language of WeChat's page", "cn (中文) or en.",
            WebsiteLanguage.CN.configValue(), WebsiteLanguage.CN.configValue(), WebsiteLanguage.EN.configValue())),
    API_BASE_URL(SettingSpec.text("apiBaseUrl", "API base URL",
            "Base URL of the WeChat API (default https://api.weixin.qq.com). Point it at the sandbox or a proxy.",
            WeChatAppCredentials.DEFAULT_API_BASE_URL)),
    OAUTH_BASE_URL(SettingSpec.text("oauthBaseUrl", "Login page base URL",
            "Base URL of WeChat's website login page qrconnect (default https://open.weixin.qq.com).",
            WeChatOpenConfig.DEFAULT_OAUTH_BASE_URL)),
    WX_LOGIN_SCRIPT_URL(SettingSpec.text("wxLoginScriptUrl", "wxLogin.js URL",
            "WeChat's script for the embedded QR (default https://res.wx.qq.com/connect/zh_CN/htmledition/js/wxLogin.js).",
            WeChatOpenConfig.DEFAULT_WX_LOGIN_SCRIPT_URL));

    private final SettingSpec spec;

    WeChatOpenSetting(SettingSpec spec) {
        this.spec = spec;
    }

    @Override
    public SettingSpec spec() {
        return spec;
    }
}
