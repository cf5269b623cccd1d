package io.github.keycloakwechat.scan;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Node-local doorbell: when a push is committed on this node, polls waiting on this node for the same scene
 * re-read the store at once instead of at their next periodic check. Polls waiting on other nodes still notice
 * within their check interval, so this is an optimisation, never the source of truth. One instance per node,
 * owned by the realm resource provider factory.
 */
public final class ScanWakeup {

    private final Map<String, Set<Runnable>> waiters = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final boolean enabled;

    /**
     * @param enabled false leaves every poll to its periodic re-check, which is what a poll waiting on another node
     *                than the push experiences; operators can turn it off to rule it out, benchmarks to measure that path
     */
    public ScanWakeup(boolean enabled) {
        this.enabled = enabled;
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

    public void signal(String sceneId) {
        Set<Runnable> set = enabled ? waiters.get(sceneId) : null;
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
