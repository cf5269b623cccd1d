package io.github.keycloakwechat.api;

/**
 * The per-user token from {@code sns/oauth2/access_token} (web OAuth inside WeChat, or website login). It is
 * unrelated to the account's global access_token and is never cached.
 *
 * <p>{@link #toString()} hides both tokens: they grant access to the user's profile.
 *
 * @param unionid only for {@code snsapi_userinfo}/{@code snsapi_login} on an Open-Platform-bound account
 * @param snapshotUser WeChat's {@code is_snapshotuser=1}: a virtual identity from "snapshot page mode", which
 *     must be treated as not logged in
 */
public record OAuthAccessToken(String accessToken, int expiresIn, String refreshToken, String openid, String scope,
        String unionid, boolean snapshotUser) {

    public OAuthAccessToken(String accessToken, int expiresIn, String refreshToken, String openid, String scope,
            String unionid) {
        this(accessToken, expiresIn, refreshToken, openid, scope, unionid, false);
    }

    @Override
    public String toString() {
        return "OAuthAccessToken[accessToken=***, expiresIn=" + expiresIn + ", refreshToken=***, openid=" + openid
                + ", scope=" + scope + ", unionid=" + unionid + ", snapshotUser=" + snapshotUser + "]";
    }
}
