package io.github.keycloakwechat.push;

import io.github.keycloakwechat.scan.ScanWakeup;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/**
 * A provider factory whose providers receive pushes at {@code /realms/{realm}/wechat/push/{alias}}. The push route
 * finds the provider by alias and, through this, what verifies its pushes and what acts on them.
 */
public interface PushReceivingFactory {

    /** @param wakeup this node's doorbell for polls waiting on a QR scan, for handlers that complete scans */
    PushEndpoint pushEndpoint(KeycloakSession session, IdentityProviderModel model, ScanWakeup wakeup);

    /** One provider's push settings and its handler. */
    record PushEndpoint(PushSecurity security, PushHandler handler) {
    }
}
