package io.github.keycloakwechat.push;

import io.github.keycloakwechat.scan.SceneIds;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Which pushes were already delivered, in Keycloak's cluster-wide single-use store: WeChat delivers a push up to three
 * times, and a captured push can be replayed, possibly to another node. Markers take effect at once (not at commit), so
 * a second delivery racing the first is recognised; {@link #forget} undoes one when its request rolls back.
 */
public final class PushDeliveryLog {

    private static final String PREFIX = "wechat:push:";

    private final SingleUseObjectProvider store;

    public PushDeliveryLog(SingleUseObjectProvider store) {
        this.store = store;
    }

    /** True the first time this key is seen for this provider within {@code ttlSeconds}. */
    public boolean firstDelivery(String realmId, String alias, String dedupKey, long ttlSeconds) {
        return store.putIfAbsent(key(realmId, alias, dedupKey), ttlSeconds);
    }

    public void forget(String realmId, String alias, String dedupKey) {
        store.remove(key(realmId, alias, dedupKey));
    }

    private static String key(String realmId, String alias, String dedupKey) {
        return PREFIX + SceneIds.hash(realmId + "\n" + alias + "\n" + dedupKey);
    }
}
