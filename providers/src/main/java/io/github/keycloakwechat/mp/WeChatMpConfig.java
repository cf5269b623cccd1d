package io.github.keycloakwechat.mp;

import io.github.keycloakwechat.api.QrCodeType;
import io.github.keycloakwechat.api.WeChatAppCredentials;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.vault.VaultStringSecret;

/**
 * Typed view of a {@code wechat-mp} identity provider. Reading never throws for a missing optional value:
 * the default applies. {@link #validate(RealmModel)} runs when an admin saves, so a bad value is refused there
 * with a message that names the field, instead of failing at the first login.
 */
public class WeChatMpConfig extends IdentityProviderModel {

    public static final String DEFAULT_API_BASE_URL = "https://api.weixin.qq.com";
    public static final String DEFAULT_OAUTH_BASE_URL = "https://open.weixin.qq.com";
    static final int MIN_QR_LIFETIME = 60;
    static final int MAX_QR_LIFETIME = 1800;
    private static final Pattern VAULT_REFERENCE = Pattern.compile("\\$\\{vault\\.[^}]+}");

    public WeChatMpConfig() {
    }

    public WeChatMpConfig(IdentityProviderModel model) {
        super(model);
    }

    public String appId() {
        return getConfig().get("clientId");
    }

    public MessageMode messageMode() {
        return MessageMode.fromConfig(value(WeChatMpSetting.MESSAGE_MODE));
    }

    public int qrLifetimeSeconds() {
        return Integer.parseInt(value(WeChatMpSetting.QR_LIFETIME).trim());
    }

    public QrCodeType qrType() {
        return "permanent".equalsIgnoreCase(value(WeChatMpSetting.QR_TYPE)) ? QrCodeType.PERMANENT : QrCodeType.TEMPORARY;
    }

    /** The admin's reply text, or null to use the bilingual default from the message bundle. */
    public String scanReplyText() {
        String text = getConfig().get(WeChatMpSetting.SCAN_REPLY_TEXT.key());
        return text == null || text.isBlank() ? null : text;
    }

    public String apiBaseUrl() {
        return stripTrailingSlash(value(WeChatMpSetting.API_BASE_URL));
    }

    public String oauthBaseUrl() {
        return stripTrailingSlash(value(WeChatMpSetting.OAUTH_BASE_URL));
    }

    public InWeChatScope inWeChatScope() {
        return InWeChatScope.fromConfig(value(WeChatMpSetting.IN_WECHAT_SCOPE));
    }

    public WeChatAppCredentials credentials(KeycloakSession session) {
        return new WeChatAppCredentials(apiBaseUrl(), appId(), secret(session, getConfig().get("clientSecret")));
    }

    public String token(KeycloakSession session) {
        return secret(session, getConfig().get(WeChatMpSetting.TOKEN.key()));
    }

    public String encodingAesKey(KeycloakSession session) {
        return secret(session, getConfig().get(WeChatMpSetting.ENCODING_AES_KEY.key()));
    }

    @Override
    public void validate(RealmModel realm) {
        super.validate(realm);
        require(appId() != null && !appId().isBlank(), "AppID (Client ID) is required");
        require(notBlank(getConfig().get("clientSecret")), "AppSecret (Client Secret) is required");
        // Keycloak masks only clientSecret in the admin API and realm exports; whoever reads a plain Token can
        // sign pushes (and, with the EncodingAESKey, seal them) and sign in as anyone who ever used WeChat here.
        require(isVaultReference(getConfig().get(WeChatMpSetting.TOKEN.key())),
                "Token must be a vault reference such as ${vault.wechat_token}");
        MessageMode mode = messageMode();
        inWeChatScope();
        String aesKey = getConfig().get(WeChatMpSetting.ENCODING_AES_KEY.key());
        if (mode.encrypted()) {
            require(notBlank(aesKey), "EncodingAESKey is required in " + mode.configValue() + " mode");
        }
        if (notBlank(aesKey)) {
            require(isVaultReference(aesKey), "EncodingAESKey must be a vault reference such as ${vault.wechat_aes_key}");
        }
        int lifetime;
        try {
            lifetime = qrLifetimeSeconds();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("QR lifetime must be a whole number of seconds");
        }
        require(lifetime >= MIN_QR_LIFETIME && lifetime <= MAX_QR_LIFETIME,
                "QR lifetime must be between " + MIN_QR_LIFETIME + " and " + MAX_QR_LIFETIME + " seconds");
        requireHttpUrl(apiBaseUrl(), "API base URL");
        requireHttpUrl(oauthBaseUrl(), "OAuth base URL");
    }

    private String value(WeChatMpSetting setting) {
        String value = getConfig().get(setting.key());
        return value == null || value.isBlank() ? setting.defaultValue() : value;
    }

    /**
     * Resolves a vault reference. A reference the vault cannot resolve is an error, never its own literal text:
     * a Token of "${vault.x}" or "" would be guessable, and anyone could sign pushes with it.
     */
    private static String secret(KeycloakSession session, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("a required secret is not configured");
        }
        if (!VAULT_REFERENCE.matcher(raw.trim()).matches()) {
            return raw;
        }
        try (VaultStringSecret secret = session.vault().getStringSecret(raw.trim())) {
            return secret.get().filter(value -> !value.isBlank()).orElseThrow(() ->
                    new IllegalArgumentException("vault secret " + raw.trim() + " is missing or empty"));
        }
    }

    private static void requireHttpUrl(String url, String field) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            require((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null,
                    field + " must be an http(s) URL");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " must be an http(s) URL");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static boolean isVaultReference(String value) {
        return value != null && VAULT_REFERENCE.matcher(value.trim()).matches();
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static String stripTrailingSlash(String url) {
        String trimmed = url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
