package io.github.keycloakwechat.identity;

/**
 * Marks the factory of a WeChat-family identity provider: its logins carry a {@link WeChatProfile} (openid of the
 * app, unionid when WeChat gives one), so the unionid link and the attribute mapper apply to it.
 */
public interface WeChatFamilyFactory {
}
