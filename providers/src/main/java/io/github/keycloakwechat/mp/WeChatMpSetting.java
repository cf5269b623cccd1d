package io.github.keycloakwechat.mp;

import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Every setting of the Service Account identity provider, declared once: the admin console form is built
 * from this list and {@link WeChatMpConfig} reads the same keys. AppID and AppSecret are Keycloak's standard
 * {@code clientId}/{@code clientSecret} fields, so the console masks the secret and vault references work.
 */
public enum WeChatMpSetting {
    TOKEN("token", "Token",
            "The Token of the message push server (服务器配置 → 令牌), as a vault reference such as ${vault.wechat_token}: Keycloak's admin API would show a plain value to every admin who can view providers.",
            ProviderConfigProperty.PASSWORD, null, true),
    ENCODING_AES_KEY("encodingAesKey", "EncodingAESKey",
            "The 43-character EncodingAESKey (消息加解密密钥) as a vault reference such as ${vault.wechat_aes_key}. Required in compatible and safe mode.",
            ProviderConfigProperty.PASSWORD, null, true),
    MESSAGE_MODE("messageMode", "Message mode",
            "The message encryption mode chosen in the WeChat admin: plain (明文), compatible (兼容) or safe (安全).",
            ProviderConfigProperty.LIST_TYPE, MessageMode.PLAIN.configValue(), false,
            MessageMode.PLAIN.configValue(), MessageMode.COMPATIBLE.configValue(), MessageMode.SAFE.configValue()),
    QR_LIFETIME("qrLifetimeSeconds", "QR lifetime (seconds)",
            "How long a login QR code stays valid, 60 to 1800 seconds. The login page renews an expired code.",
            ProviderConfigProperty.STRING_TYPE, "180", false),
    QR_TYPE("qrType", "QR code type",
            "temporary (QR_STR_SCENE, recommended) or permanent (QR_LIMIT_STR_SCENE: WeChat allows only 100,000 per account, ever).",
            ProviderConfigProperty.LIST_TYPE, "temporary", false, "temporary", "permanent"),
    SCAN_REPLY_TEXT("scanReplyText", "Reply after a scan",
            "The text message WeChat shows the person who scanned. Empty means the bilingual default.",
            ProviderConfigProperty.TEXT_TYPE, null, false),
    API_BASE_URL("apiBaseUrl", "API base URL",
            "Base URL of the WeChat API (default https://api.weixin.qq.com). Point it at the sandbox or a proxy.",
            ProviderConfigProperty.STRING_TYPE, WeChatMpConfig.DEFAULT_API_BASE_URL, false),
    OAUTH_BASE_URL("oauthBaseUrl", "OAuth base URL",
            "Base URL of WeChat's web OAuth pages (default https://open.weixin.qq.com).",
            ProviderConfigProperty.STRING_TYPE, WeChatMpConfig.DEFAULT_OAUTH_BASE_URL, false),
    IN_WECHAT_SCOPE("inWeChatScope", "Scope inside the WeChat browser",
            "Inside WeChat, sign in through web OAuth instead of a QR code: snsapi_base (silent), snsapi_userinfo (asks for nickname and avatar) or off.",
            ProviderConfigProperty.LIST_TYPE, InWeChatScope.SNSAPI_BASE.configValue(), false,
            InWeChatScope.SNSAPI_BASE.configValue(), InWeChatScope.SNSAPI_USERINFO.configValue(), InWeChatScope.OFF.configValue());

    private final String key;
    private final String label;
    private final String helpText;
    private final String type;
    private final String defaultValue;
    private final boolean secret;
    private final List<String> options;

    WeChatMpSetting(String key, String label, String helpText, String type, String defaultValue, boolean secret,
                    String... options) {
        this.key = key;
        this.label = label;
        this.helpText = helpText;
        this.type = type;
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.options = List.of(options);
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    static List<ProviderConfigProperty> configProperties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (WeChatMpSetting setting : values()) {
            var property = builder.property()
                    .name(setting.key)
                    .label(setting.label)
                    .helpText(setting.helpText)
                    .type(setting.type)
                    .secret(setting.secret);
            if (setting.defaultValue != null) {
                property.defaultValue(setting.defaultValue);
            }
            if (!setting.options.isEmpty()) {
                property.options(setting.options);
            }
            property.add();
        }
        return builder.build();
    }
}
