package io.github.keycloakwechat.testing;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.models.SingleUseObjectProvider;

/** A single-use store with Keycloak's contract (atomic remove and putIfAbsent, lifespans), for unit tests. */
public final class InMemorySingleUseObjects implements SingleUseObjectProvider {

    private record Entry(Map<String, String> value, long expiresAtMillis) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemorySingleUseObjects(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void put(String key, long lifespanSeconds, Map<String, String> notes) {
        entries.put(key, new Entry(new HashMap<>(notes), clock.millis() + lifespanSeconds * 1000));
    }

    @Override
    public Map<String, String> get(String key) {
        Entry entry = live(key);
        return entry == null ? null : new HashMap<>(entry.value());
    }

    @Override
    public Map<String, String> remove(String key) {
        Entry entry = entries.remove(key);
        return entry == null || entry.expiresAtMillis() <= clock.millis() ? null : entry.value();
    }

    @Override
    public boolean replace(String key, Map<String, String> notes) {
        throw new UnsupportedOperationException("replace drops the lifespan in Keycloak; the store must not use it");
    }

    @Override
    public boolean putIfAbsent(String key, long lifespanSeconds) {
        long now = clock.millis();
        Entry fresh = new Entry(Map.of(), now + lifespanSeconds * 1000);
        Entry previous = entries.compute(key, (k, old) -> old == null || old.expiresAtMillis() <= now ? fresh : old);
        return previous == fresh;
    }

    @Override
    public boolean contains(String key) {
        return live(key) != null;
    }

    @Override
    public void close() {
    }

    private Entry live(String key) {
        Entry entry = entries.get(key);
        return entry == null || entry.expiresAtMillis() <= clock.millis() ? null : entry;
    }
}
