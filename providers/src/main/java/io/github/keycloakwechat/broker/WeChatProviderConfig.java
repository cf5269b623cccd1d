package io.github.keycloakwechat.broker;

import io.github.keycloakwechat.api.WeChatAppCredentials;
import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatCryptoException;
import io.github.keycloakwechat.push.MessageMode;
import io.github.keycloakwechat.push.PushSecurity;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.vault.VaultStringSecret;

/**
 * The typed config every WeChat-family provider shares: the AppID/CorpID in Keycloak's {@code clientId}, the secret in
 * {@code clientSecret} (masked by the console, vault references work) and settings read through
 * {@link ProviderSetting}s. Reading never throws for a missing optional value: the default applies. A value the
 * provider cannot use, or a secret the vault cannot resolve, throws {@link ProviderMisconfiguredException} where it is
 * read; {@link #validate} reads everything once when an admin saves, so most mistakes are refused there.
 */
public abstract class WeChatProviderConfig extends IdentityProviderModel {

    private static final Pattern VAULT_REFERENCE = Pattern.compile("\\$\\{vault\\.[^}]+}");

    protected WeChatProviderConfig() {
    }

    protected WeChatProviderConfig(IdentityProviderModel model) {
        super(model);
    }

    /** The AppID (CorpID for WeCom): Keycloak's Client ID field. */
    public String appId() {
        String appId = getConfig().get("clientId");
        return appId == null ? null : appId.trim();
    }

    /** The base URL of the product's server API (sandbox or proxy in tests), without a trailing slash. */
    public abstract String apiBaseUrl();

    /** Who an API call acts for; the AppSecret is resolved from the vault here, failing closed. */
    public WeChatAppCredentials credentials(KeycloakSession session) {
        String appId = appId();
        if (appId == null || appId.isEmpty()) {
            throw new ProviderMisconfiguredException("the Client ID (AppID) is not configured");
        }
        String secret = secret(session, getConfig().get("clientSecret"), "Client Secret");
        try {
            return new WeChatAppCredentials(apiBaseUrl(), appId, secret);
        } catch (IllegalArgumentException e) {
            // A realm import skips validate(): a bad API base URL surfaces here, as the admin's to fix.
            throw new ProviderMisconfiguredException("API base URL: " + e.getMessage());
        }
    }

    public NewUsers newUsers() {
        return choice(SharedSetting.NEW_USERS, NewUsers.class);
    }

    @Override
    public void validate(RealmModel realm) {
        super.validate(realm);
        require(notBlank(getConfig().get("clientId")), "Client ID (AppID) is required");
        require(notBlank(getConfig().get("clientSecret")), "Client Secret (AppSecret) is required");
        newUsers();
    }

    /** The configured value, or the setting's default when it is absent or blank. */
    protected String value(ProviderSetting setting) {
        String value = getConfig().get(setting.key());
        return value == null || value.isBlank() ? setting.defaultValue() : value;
    }

    /** A true/false setting (a choice of "false" and "true" in the console). */
    protected boolean flag(ProviderSetting setting) {
        return Boolean.parseBoolean(value(setting).trim());
    }

    /** The configured value, or null when it is absent or blank. */
    protected String optional(ProviderSetting setting) {
        String value = getConfig().get(setting.key());
        return value == null || value.isBlank() ? null : value;
    }

    protected String baseUrl(ProviderSetting setting) {
        String url = value(setting).trim();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    protected <E extends Enum<E> & ConfigChoice> E choice(ProviderSetting setting, Class<E> type) {
        String value = value(setting);
        for (E option : type.getEnumConstants()) {
            if (option.configValue().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return option;
            }
        }
        throw new ProviderMisconfiguredException(setting.spec().label() + " must be one of "
                + Arrays.stream(type.getEnumConstants()).map(ConfigChoice::configValue).collect(Collectors.joining(", ")));
    }

    protected int wholeNumber(ProviderSetting setting, int min, int max) {
        int number;
        try {
            number = Integer.parseInt(value(setting).trim());
        } catch (NumberFormatException e) {
            throw new ProviderMisconfiguredException(setting.spec().label() + " must be a whole number");
        }
        require(number >= min && number <= max, setting.spec().label() + " must be between " + min + " and " + max);
        return number;
    }

    /** A secret setting resolved through the vault; see {@link #secret(KeycloakSession, String, String)}. */
    protected String secret(KeycloakSession session, ProviderSetting setting) {
        return secret(session, getConfig().get(setting.key()), setting.spec().label());
    }

    /**
     * Resolves a vault reference. A reference the vault cannot resolve is an error, never its own literal text: a Token
     * of "${vault.x}" or "" would be guessable, and anyone could sign pushes with it.
     */
    private static String secret(KeycloakSession session, String raw, String label) {
        if (raw == null || raw.isBlank()) {
            throw new ProviderMisconfiguredException(label + " is not configured");
        }
        if (!isVaultReference(raw)) {
            return raw;
        }
        try (VaultStringSecret secret = session.vault().getStringSecret(raw.trim())) {
            return secret.get().filter(value -> !value.isBlank()).orElseThrow(() ->
                    new ProviderMisconfiguredException(label + ": vault secret " + raw.trim() + " is missing or empty"));
        }
    }

    /**
     * The push settings of a provider that receives pushes, resolved (secrets from the vault) when a push needs them;
     * the ciphertext must name this provider's AppID (CorpID for WeCom).
     */
    protected PushSecurity pushSecurity(KeycloakSession session, ProviderSetting mode, ProviderSetting token,
                                        ProviderSetting encodingAesKey) {
        return new PushSecurity() {
            @Override
            public MessageMode mode() {
                return choice(mode, MessageMode.class);
            }

            @Override
            public String token() {
                return secret(session, token);
            }

            @Override
            public MessageCrypto crypto() {
                try {
                    return new MessageCrypto(token(), secret(session, encodingAesKey), appId());
                } catch (WeChatCryptoException e) {
                    throw new ProviderMisconfiguredException(encodingAesKey.spec().label() + " is malformed (" + e.code() + ")");
                }
            }
        };
    }

    /**
     * Keycloak masks only {@code clientSecret} in the admin API and realm exports; any other secret setting must be a
     * vault reference, or every admin who can view providers could read it.
     */
    protected void requireVaultReference(ProviderSetting setting, String example) {
        require(isVaultReference(getConfig().get(setting.key())),
                setting.spec().label() + " must be a vault reference such as " + example);
    }

    protected void requireHttpUrl(ProviderSetting setting) {
        String label = setting.spec().label();
        try {
            URI uri = URI.create(baseUrl(setting));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            require((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null,
                    label + " must be an http(s) URL");
        } catch (IllegalArgumentException e) {
            throw new ProviderMisconfiguredException(label + " must be an http(s) URL");
        }
    }

    protected static void require(boolean condition, String message) {
        if (!condition) {
            throw new ProviderMisconfiguredException(message);
        }
    }

    protected static boolean isVaultReference(String value) {
        return value != null && VAULT_REFERENCE.matcher(value.trim()).matches();
    }

    protected static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
