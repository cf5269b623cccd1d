package io.github.keycloakwechat.api;

/**
 * A Service Account follower as returned by {@code cgi-bin/user/info}, reduced to what login reads. Since 2021-12-27
 * WeChat no longer returns nickname or avatar here; web OAuth ({@link SnsUserInfo}) has those.
 *
 * @param unionid only when the account is bound to an Open Platform account; {@code null} otherwise
 */
public record UserInfo(String unionid) {
}
