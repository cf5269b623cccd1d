package io.github.keycloakwechat.resource;

import io.github.keycloakwechat.scan.ScanWakeup;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

public class WeChatResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;
    private final ScanStatusPoller poller;
    private final ScanWakeup wakeup;

    WeChatResourceProvider(KeycloakSession session, ScanStatusPoller poller, ScanWakeup wakeup) {
        this.session = session;
        this.poller = poller;
        this.wakeup = wakeup;
    }

    @Override
    public Object getResource() {
        return new WeChatResource(session, poller, wakeup);
    }

    @Override
    public void close() {
    }
}
