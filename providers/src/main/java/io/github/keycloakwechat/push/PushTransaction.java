package io.github.keycloakwechat.push;

/**
 * Runs work once the request's transaction has ended. Some effects of a push are seen by others only after commit
 * (so waiting polls are woken then), and some take effect at once (markers in the single-use store), so a rollback
 * must undo them for WeChat's retry to be processed rather than taken for a duplicate.
 */
public interface PushTransaction {

    void afterCompletion(Runnable onCommit, Runnable onRollback);
}
