package io.github.keycloakwechat.api;

/**
 * Profile from {@code sns/userinfo} (needs scope {@code snsapi_userinfo} or {@code snsapi_login}). Fields are
 * {@code null} when WeChat omits them or sends an empty string.
 *
 * @param unionid only when the app is bound to an Open Platform account
 */
public record SnsUserInfo(String nickname, String unionid) {
}
