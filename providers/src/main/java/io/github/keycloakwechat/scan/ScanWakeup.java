package io.github.keycloakwechat.scan;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Doorbell for waiting status polls: when a push for a scene commits, the polls waiting for that scene re-read the
 * store at once instead of at their next periodic re-check. Polls on this node are rung directly; polls on other
 * nodes through Keycloak's cluster events ({@link ScanWakeupEvent}). The store stays the only source of truth: a
 * lost bell only delays an answer until the re-check. One instance per node, owned by the realm resource provider
 * factory.
 */
public final class ScanWakeup {

    /** Keycloak's cluster-event key for this extension's wake-ups. */
    static final String CLUSTER_TASK_KEY = "keycloak-wechat.scan-wakeup";

    private static final Logger LOG = Logger.getLogger(ScanWakeup.class);

    private final Map<String, Set<Runnable>> waiters = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final boolean local;
    private final boolean cluster;

    /**
     * Both switches exist so that operators can rule a path out, and benchmarks can measure the others; with both
     * off, every poll waits for its re-check.
     *
     * @param local   ring polls on this node when a push commits here
     * @param cluster announce commits to the other nodes, and listen to theirs
     */
    public ScanWakeup(boolean local, boolean cluster) {
        this.local = local;
        this.cluster = cluster;
    }

    /** Listens to the other nodes' announcements; call once, when Keycloak's cluster provider is up. */
    public void listen(ClusterProvider clusterProvider) {
        if (cluster && clusterProvider != null) {
            clusterProvider.registerListener(CLUSTER_TASK_KEY, event -> {
                if (event instanceof ScanWakeupEvent wakeup) {
                    ring(wakeup.sceneId());
                }
            });
        }
    }

    /** A push for {@code sceneId} committed on this node: rings the polls waiting for it here and on other nodes. */
    public void announce(KeycloakSession session, String sceneId) {
        if (local) {
            ring(sceneId);
        }
        if (cluster) {
            try {
                ClusterProvider clusterProvider = session.getProvider(ClusterProvider.class);
                if (clusterProvider != null) {
                    clusterProvider.notify(CLUSTER_TASK_KEY, new ScanWakeupEvent(sceneId), true,
                            ClusterProvider.DCNotify.ALL_DCS);
                }
            } catch (RuntimeException e) {
                LOG.debugf(e, "Could not announce a WeChat scan to the other nodes; their polls see it at their re-check");
            }
        }
    }

    public void register(String sceneId, Runnable onSignal) {
        if (waiters.computeIfAbsent(sceneId, id -> ConcurrentHashMap.newKeySet()).add(onSignal)) {
            total.incrementAndGet();
        }
    }

    public void unregister(String sceneId, Runnable onSignal) {
        waiters.computeIfPresent(sceneId, (id, set) -> {
            if (set.remove(onSignal)) {
                total.decrementAndGet();
            }
            return set.isEmpty() ? null : set;
        });
    }

    private void ring(String sceneId) {
        Set<Runnable> set = waiters.get(sceneId);
        if (set != null) {
            set.forEach(Runnable::run);
        }
    }

    public int waiting(String sceneId) {
        Set<Runnable> set = waiters.get(sceneId);
        return set == null ? 0 : set.size();
    }

    public int waiting() {
        return total.get();
    }
}
