package io.github.keycloakwechat.resource;

import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * Ends the request's {@link KeycloakSession} on the request thread, before a JAX-RS method answers asynchronously.
 *
 * <p>The request's session holds a transaction bound to the thread that began it (JTA) and is itself bound to that
 * thread ({@link KeycloakSessionUtil}). Keycloak 26.7 ends both on the request thread as soon as a method returning
 * a {@code CompletionStage} returns. Keycloak 26.5 (and older) does not: it closes the session when the response is
 * written, on whatever thread completes the answer, where the transaction is not associated ("The transaction is not
 * active!"), and it leaves the session bound to the request thread, so the next request served by that thread does
 * not begin its own transaction and its changes (an authentication session, say) are never committed. Ending the
 * session here does on every version what 26.7 does itself; 26.7 then finds the session closed and skips it.
 *
 * <p>Nothing may use the request's session after this; the asynchronous work opens sessions of its own.
 */
final class RequestSessionEnd {

    private RequestSessionEnd() {
    }

    /** Commits and closes {@code session} (the request's) and unbinds it from the current thread. */
    static void beforeAnsweringAsynchronously(KeycloakSession session) {
        try {
            if (!session.isClosed()) {
                session.close();
            }
        } finally {
            // On 26.5 the thread holds Keycloak's proxy of the session, not this instance: clear it unconditionally.
            // Only the request's own session can be bound here, since the resource method runs on the request thread.
            KeycloakSessionUtil.setKeycloakSession(null);
        }
    }
}
