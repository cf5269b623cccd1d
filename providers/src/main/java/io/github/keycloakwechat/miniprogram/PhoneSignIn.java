package io.github.keycloakwechat.miniprogram;

import io.github.keycloakwechat.broker.ConfigChoice;

/**
 * What a phone number WeChat verified ({@code phone_code}) may do: nothing, or sign in as (and link) the one existing
 * user whose phone attribute holds that number.
 */
public enum PhoneSignIn implements ConfigChoice {
    OFF,
    LINK
}
