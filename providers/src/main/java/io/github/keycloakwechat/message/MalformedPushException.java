package io.github.keycloakwechat.message;

/**
 * An inbound push body that cannot be trusted as a WeChat message: not well-formed, too large, or shaped
 * differently from WeChat's flat {@code <xml>} envelope. The message never quotes the body, which is
 * attacker-controlled and may carry personal data.
 */
public final class MalformedPushException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedPushException(String message) {
        super(message);
    }

    public MalformedPushException(String message, Throwable cause) {
        super(message, cause);
    }
}
