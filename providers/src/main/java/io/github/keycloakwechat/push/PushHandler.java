package io.github.keycloakwechat.push;

import io.github.keycloakwechat.message.PushMessage;

/**
 * Acts on what a push means. It is called only for a push the {@link PushEnvelope} verified (signature, freshness,
 * AppID inside the ciphertext) and saw for the first time; it never sees the raw request.
 */
public interface PushHandler {

    PushReply handle(PushMessage message, PushTransaction transaction);
}
