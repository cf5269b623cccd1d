package io.github.keycloakwechat.api;

/**
 * A Service Account follower as returned by {@code cgi-bin/user/info}. Since 2021-12-27 WeChat no longer
 * returns nickname or avatar here, so they are deliberately absent; use web OAuth ({@link SnsUserInfo}) for
 * those. Optional fields are {@code null} when WeChat omits them or sends an empty string.
 *
 * @param subscribed whether the user currently follows the account; when false WeChat sends nothing else
 * @param unionid only when the account is bound to an Open Platform account
 * @param subscribeTime follow time in epoch seconds
 * @param subscribeScene e.g. {@code ADD_SCENE_QR_CODE}
 */
public record UserInfo(boolean subscribed, String openid, String unionid, String language, Long subscribeTime,
        String subscribeScene) {
}
