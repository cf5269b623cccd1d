package io.github.keycloakwechat.mp;

import io.github.keycloakwechat.api.QrCodeType;
import io.github.keycloakwechat.api.WebOAuthApi;
import io.github.keycloakwechat.broker.WeChatProviderConfig;
import io.github.keycloakwechat.push.MessageMode;
import io.github.keycloakwechat.push.PushSecurity;
import java.net.URI;
import java.util.Map;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Typed view of a {@code wechat-mp} identity provider; see {@link WeChatMpSetting} for what each setting means. */
public class WeChatMpConfig extends WeChatProviderConfig {

    public static final String DEFAULT_OAUTH_BASE_URL = "https://open.weixin.qq.com";
    static final int MIN_QR_LIFETIME = 60;
    static final int MAX_QR_LIFETIME = 1800;

    public WeChatMpConfig() {
    }

    public WeChatMpConfig(IdentityProviderModel model) {
        super(model);
    }

    public MessageMode messageMode() {
        return choice(WeChatMpSetting.MESSAGE_MODE, MessageMode.class);
    }

    public int qrLifetimeSeconds() {
        return wholeNumber(WeChatMpSetting.QR_LIFETIME, MIN_QR_LIFETIME, MAX_QR_LIFETIME);
    }

    public int qrCodesPerMinute() {
        return wholeNumber(WeChatMpSetting.QR_CODES_PER_MINUTE, 0, 10_000);
    }

    public QrCodeType qrType() {
        return "permanent".equalsIgnoreCase(value(WeChatMpSetting.QR_TYPE)) ? QrCodeType.PERMANENT : QrCodeType.TEMPORARY;
    }

    /** Whether a scan waits for the scanner to confirm on the phone (relay protection). */
    public boolean confirmOnPhone() {
        return flag(WeChatMpSetting.CONFIRM_ON_PHONE);
    }

    /** The admin's reply text, or null to use the bilingual default from the message bundle. */
    public String scanReplyText() {
        return optional(WeChatMpSetting.SCAN_REPLY_TEXT);
    }

    @Override
    public String apiBaseUrl() {
        return baseUrl(WeChatMpSetting.API_BASE_URL);
    }

    public String oauthBaseUrl() {
        return baseUrl(WeChatMpSetting.OAUTH_BASE_URL);
    }

    /** WeChat's web OAuth inside its browser for this account, returning to {@code redirectUri}. */
    public URI inWeChatAuthorizeUrl(String redirectUri, InWeChatScope scope, String state) {
        return WebOAuthApi.authorizeUrl(oauthBaseUrl(), WebOAuthApi.IN_WECHAT_AUTHORIZE_PATH, appId(), redirectUri,
                scope.configValue(), state, Map.of());
    }

    public InWeChatScope inWeChatScope() {
        return choice(WeChatMpSetting.IN_WECHAT_SCOPE, InWeChatScope.class);
    }

    public PushSecurity pushSecurity(KeycloakSession session) {
        return pushSecurity(session, WeChatMpSetting.MESSAGE_MODE, WeChatMpSetting.TOKEN, WeChatMpSetting.ENCODING_AES_KEY);
    }

    @Override
    public void validate(RealmModel realm) {
        super.validate(realm);
        requireVaultReference(WeChatMpSetting.TOKEN, "${vault.wechat_token}");
        MessageMode mode = messageMode();
        inWeChatScope();
        String aesKey = optional(WeChatMpSetting.ENCODING_AES_KEY);
        if (mode.encrypted()) {
            require(aesKey != null, "EncodingAESKey is required in " + mode.configValue() + " mode");
        }
        if (aesKey != null) {
            requireVaultReference(WeChatMpSetting.ENCODING_AES_KEY, "${vault.wechat_aes_key}");
        }
        qrLifetimeSeconds();
        qrCodesPerMinute();
        requireHttpUrl(WeChatMpSetting.API_BASE_URL);
        requireHttpUrl(WeChatMpSetting.OAUTH_BASE_URL);
    }
}
