package io.github.keycloakwechat.mp;

import io.github.keycloakwechat.api.WeChatAppCredentials;
import io.github.keycloakwechat.broker.ProviderSetting;
import io.github.keycloakwechat.broker.SettingSpec;
import io.github.keycloakwechat.push.MessageMode;

/**
 * Every setting of the Service Account identity provider, declared once: the admin console form is built from this
 * list and {@link WeChatMpConfig} reads the same keys. AppID and AppSecret are Keycloak's standard
 * {@code clientId}/{@code clientSecret} fields, so the console masks the secret and vault references work.
 */
public enum WeChatMpSetting implements ProviderSetting {
    TOKEN(SettingSpec.secret("token", "Token",
            "The Token of the message push server (服务器配置 → 令牌), as a vault reference such as ${vault.wechat_token}: Keycloak's admin API would show a plain value to every admin who can view providers.")),
    ENCODING_AES_KEY(SettingSpec.secret("encodingAesKey", "EncodingAESKey",
            "The 43-character EncodingAESKey (消息加解密密钥) as a vault reference such as ${vault.wechat_aes_key}. Required in compatible and safe mode.")),
    MESSAGE_MODE(SettingSpec.choice("messageMode", "Message mode",
            "The message encryption mode chosen in the WeChat admin: plain (明文), compatible (兼容) or safe (安全).",
            MessageMode.PLAIN.configValue(),
            MessageMode.PLAIN.configValue(), MessageMode.COMPATIBLE.configValue(), MessageMode.SAFE.configValue())),
    QR_LIFETIME(SettingSpec.text("qrLifetimeSeconds", "QR lifetime (seconds)",
            "How long a login QR code stays valid, 60 to 1800 seconds. The login page renews an expired code.", "180")),
    QR_TYPE(SettingSpec.choice("qrType", "QR code type",
            "temporary (QR_STR_SCENE, recommended) or permanent (QR_LIMIT_STR_SCENE: WeChat allows only 100,000 per account, ever).",
            "temporary", "temporary", "permanent")),
    QR_CODES_PER_MINUTE(SettingSpec.text("qrCodesPerMinute", "QR codes per minute per address",
            "New login QR codes one client address may get per minute, per server node (0 to 10000; 0: no bound). Each code spends WeChat's daily quota of 100,000 qrcode/create calls; a person reloading the page keeps the code they have. Raise it when many people share one address (NAT); Keycloak sees the client's address only with --proxy-headers behind a proxy.",
            "30")),
    CONFIRM_ON_PHONE(SettingSpec.choice("confirmOnPhone", "Confirm on the phone",
            "Protects against relayed QR codes (QRLJacking): a scan does not sign the browser in at once. WeChat's reply carries a link to a page, identified by web OAuth as the person who scanned, that names this site, the application and the browser's address and device; the sign-in completes only after Confirm. Needs this server's host as the account's web authorization domain (网页授权域名).",
            "false", "false", "true")),
    SCAN_REPLY_TEXT(SettingSpec.longText("scanReplyText", "Reply after a scan",
            "The text message WeChat shows the person who scanned. Empty means the bilingual default.")),
    API_BASE_URL(SettingSpec.text("apiBaseUrl", "API base URL",
            "Base URL of the WeChat API (default https://api.weixin.qq.com). Point it at the sandbox or a proxy.",
            WeChatAppCredentials.DEFAULT_API_BASE_URL)),
    OAUTH_BASE_URL(SettingSpec.text("oauthBaseUrl", "OAuth base URL",
            "Base URL of WeChat's web OAuth pages (default https://open.weixin.qq.com).",
            WeChatMpConfig.DEFAULT_OAUTH_BASE_URL)),
    IN_WECHAT_SCOPE(SettingSpec.choice("inWeChatScope", "Scope inside the WeChat browser",
            "Inside WeChat, sign in through web OAuth instead of a QR code: snsapi_base (silent), snsapi_userinfo (asks for nickname and avatar) or off.",
            InWeChatScope.SNSAPI_BASE.configValue(),
            InWeChatScope.SNSAPI_BASE.configValue(), InWeChatScope.SNSAPI_USERINFO.configValue(), InWeChatScope.OFF.configValue()));

    private final SettingSpec spec;

    WeChatMpSetting(SettingSpec spec) {
        this.spec = spec;
    }

    @Override
    public SettingSpec spec() {
        return spec;
    }
}
