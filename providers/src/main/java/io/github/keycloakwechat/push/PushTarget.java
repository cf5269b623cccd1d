package io.github.keycloakwechat.push;

/** Which provider of which realm a push is addressed to; part of every de-duplication key and log line. */
public record PushTarget(String realmId, String realmName, String alias) {
}
