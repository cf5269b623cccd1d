package io.github.keycloakwechat.push;

import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/** {@link PushTransaction} on the request's Keycloak transaction. */
public final class SessionPushTransaction implements PushTransaction {

    private static final Logger LOG = Logger.getLogger(SessionPushTransaction.class);

    private final KeycloakSession session;

    public SessionPushTransaction(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void afterCompletion(Runnable onCommit, Runnable onRollback) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                onCommit.run();
            }

            @Override
            protected void rollbackImpl() {
                try {
                    onRollback.run();
                } catch (RuntimeException e) {
                    // The push already failed; WeChat's retry may then be taken for a duplicate, which the log explains.
                    LOG.warnf("Could not undo the effects of a rolled-back WeChat push: %s", e.getMessage());
                }
            }
        });
    }
}
