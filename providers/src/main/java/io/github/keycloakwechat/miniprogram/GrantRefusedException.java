package io.github.keycloakwechat.miniprogram;

/** The token request is refused with an OAuth error; thrown where the reason is known, answered in the grant. */
final class GrantRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String error;
    private final int status;

    GrantRefusedException(String error, String description, int status) {
        super(description);
        this.error = error;
        this.status = status;
    }

    static GrantRefusedException invalidGrant(String description) {
        return new GrantRefusedException("invalid_grant", description, 400);
    }

    String error() {
        return error;
    }

    int status() {
        return status;
    }
}
