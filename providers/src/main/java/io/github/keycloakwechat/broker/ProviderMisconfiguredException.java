package io.github.keycloakwechat.broker;

/**
 * Only an administrator can fix this: a secret the vault cannot resolve, a setting with a value the provider cannot
 * use. Thrown where the secret or setting is resolved; each entry point (login, push, poll, renewal) maps it to its
 * answer in one place. It is an {@link IllegalArgumentException} because that is what Keycloak's admin API turns into
 * a 400 with the message when {@code validate} refuses a value on save. The message names the setting, never a value.
 */
public class ProviderMisconfiguredException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ProviderMisconfiguredException(String message) {
        super(message);
    }
}
