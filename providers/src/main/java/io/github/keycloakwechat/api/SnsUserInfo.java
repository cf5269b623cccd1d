package io.github.keycloakwechat.api;

/**
 * Profile from {@code sns/userinfo} (needs scope {@code snsapi_userinfo} or {@code snsapi_login}). Optional fields are
 * {@code null} when WeChat omits them or sends an empty string.
 *
 * @param sex 1 male, 2 female, 0 unknown (WeChat now mostly sends 0)
 * @param headimgurl ends in a size segment; old URLs stop working once the person changes the avatar
 * @param unionid only when the app is bound to an Open Platform account
 */
public record SnsUserInfo(String nickname, Integer sex, String province, String city, String country,
                          String headimgurl, String unionid) {
}
