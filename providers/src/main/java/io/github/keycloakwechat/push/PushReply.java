package io.github.keycloakwechat.push;

/** What a handler wants sent back: WeChat's plain acknowledgement, or a text message to the person who pushed. */
public record PushReply(String text) {

    private static final PushReply ACK = new PushReply(null);

    public static PushReply ack() {
        return ACK;
    }

    public static PushReply text(String text) {
        return new PushReply(text);
    }
}
