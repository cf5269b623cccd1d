package io.github.keycloakwechat.sandbox;

import java.util.regex.Pattern;

/**
 * A fake WeChat person. Openids (per app) and the unionid are derived from {@link #id()} by
 * {@link SandboxState}, so the same person gets the same ids in every run.
 *
 * @param id        a short stable id such as "alice" (used in URLs and the control API)
 * @param nickname  what {@code sns/userinfo} returns as nickname
 * @param avatarUrl the headimgurl; null means the sandbox serves a generated avatar
 */
public record SandboxUser(String id, String nickname, String avatarUrl) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public SandboxUser {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("user id must be 1..64 characters of [A-Za-z0-9_.-]");
        }
        nickname = nickname == null || nickname.isBlank() ? id : nickname;
        avatarUrl = avatarUrl == null || avatarUrl.isBlank() ? null : avatarUrl;
    }
}
