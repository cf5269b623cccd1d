package io.github.keycloakwechat.scan;

import org.keycloak.cluster.ClusterEvent;

/**
 * "A push for this scene committed": sent through Keycloak's cluster events so that a status poll waiting on
 * another node re-reads the store at once. It carries only the scene id, which the browser knows anyway; what was
 * scanned, and by whom, stays in the store.
 */
public record ScanWakeupEvent(String sceneId) implements ClusterEvent {

    /** The ProtoStream message this event travels as between nodes. */
    static final String PROTO_TYPE = "keycloakwechat.ScanWakeupEvent";
}
