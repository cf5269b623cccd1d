package io.github.keycloakwechat.bench.push;

import java.util.Map;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * The single-use store behind {@code PushDeliveryLog}, accepting every key: each push is a first delivery, however
 * often the benchmark sends it. The log's own work (two SHA-256 keys per push) still runs; Keycloak's store does not.
 */
final class AcceptingSingleUseObjects implements SingleUseObjectProvider {

    @Override
    public void put(String key, long lifespanSeconds, Map<String, String> notes) {
    }

    @Override
    public Map<String, String> get(String key) {
        return null;
    }

    @Override
    public Map<String, String> remove(String key) {
        return null;
    }

    @Override
    public boolean replace(String key, Map<String, String> notes) {
        return false;
    }

    @Override
    public boolean putIfAbsent(String key, long lifespanSeconds) {
        return true;
    }

    @Override
    public boolean contains(String key) {
        return false;
    }

    @Override
    public void close() {
    }
}
