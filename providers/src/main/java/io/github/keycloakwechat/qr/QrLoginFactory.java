package io.github.keycloakwechat.qr;

import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/**
 * A provider factory whose providers sign people in by a QR code scanned on a phone. The login page shows such a
 * provider in its QR tab, and renewal asks it for the next code: both find it by this capability, never by its id.
 */
public interface QrLoginFactory extends QrPageFactory {

    QrIssuer qrIssuer(KeycloakSession session, IdentityProviderModel model);

    /** This node's bound on new codes per client address, shared by all providers of this factory. */
    QrIssueLimiter qrIssueLimiter();

    @Override
    default boolean showsQrPage(IdentityProviderModel model) {
        return true;
    }
}
