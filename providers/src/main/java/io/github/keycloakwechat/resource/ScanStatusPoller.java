package io.github.keycloakwechat.resource;

import io.github.keycloakwechat.scan.ScanSessionStore;
import io.github.keycloakwechat.scan.ScanStatus;
import io.github.keycloakwechat.scan.ScanWakeup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Long poll on a scene's status without holding a request thread. The answer comes when the status differs from
 * what the page already knows: at once when a push for the scene commits on any node (see {@link ScanWakeup}), at
 * the next re-check if that wake-up was lost, or with the unchanged status at the deadline. Each check reads
 * the store in a fresh transaction because the request's own session is closed before the method returns
 * ({@link RequestSessionEnd}).
 */
final class ScanStatusPoller {

    static final Duration MAX_WAIT = Duration.ofSeconds(25);
    static final Duration DEFAULT_RECHECK = Duration.ofSeconds(1);
    static final int MAX_WAITERS_PER_SCENE = 4;
    static final int MAX_WAITERS_PER_NODE = 5000;

    private static final Logger LOG = Logger.getLogger(ScanStatusPoller.class);

    private final KeycloakSessionFactory sessionFactory;
    private final ScanWakeup wakeup;
    private final ScheduledExecutorService scheduler;
    private final Duration recheck;

    ScanStatusPoller(KeycloakSessionFactory sessionFactory, ScanWakeup wakeup, ScheduledExecutorService scheduler,
                     Duration recheck) {
        this.sessionFactory = sessionFactory;
        this.wakeup = wakeup;
        this.scheduler = scheduler;
        this.recheck = recheck;
    }

    CompletionStage<ScanStatus> awaitChange(String sceneId, ScanStatus known, Duration wait) {
        // A page needs one poll at a time; beyond a few per scene or many per node, answer at once instead of
        // letting one visitor pile up re-checks (the page simply polls again).
        if (wakeup.waiting(sceneId) >= MAX_WAITERS_PER_SCENE || wakeup.waiting() >= MAX_WAITERS_PER_NODE) {
            return CompletableFuture.completedFuture(known);
        }
        CompletableFuture<ScanStatus> answer = new CompletableFuture<>();
        Runnable check = () -> {
            if (!answer.isDone()) {
                ScanStatus now = readOr(sceneId, known);
                if (now != known) {
                    answer.complete(now);
                }
            }
        };
        Runnable onSignal = () -> {
            try {
                scheduler.execute(check);
            } catch (RejectedExecutionException e) {
                answer.complete(known);
            }
        };
        wakeup.register(sceneId, onSignal);
        ScheduledFuture<?> rechecks = scheduler.scheduleWithFixedDelay(check, recheck.toMillis(), recheck.toMillis(),
                TimeUnit.MILLISECONDS);
        ScheduledFuture<?> deadline = scheduler.schedule(() -> answer.complete(readOr(sceneId, known)), wait.toMillis(),
                TimeUnit.MILLISECONDS);
        answer.whenComplete((status, error) -> {
            wakeup.unregister(sceneId, onSignal);
            rechecks.cancel(false);
            deadline.cancel(false);
        });
        // A push may have committed between the caller's first read and the registration above.
        scheduler.execute(check);
        return answer;
    }

    /** The stored status; {@code fallback} if the store cannot be read now (the page will ask again). */
    private ScanStatus readOr(String sceneId, ScanStatus fallback) {
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory,
                    session -> new ScanSessionStore(session).status(sceneId));
        } catch (RuntimeException e) {
            LOG.debugf(e, "Could not read the status of a WeChat scan; answering the known status");
            return fallback;
        }
    }
}
