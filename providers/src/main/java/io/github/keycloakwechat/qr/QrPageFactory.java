package io.github.keycloakwechat.qr;

import org.keycloak.models.IdentityProviderModel;

/**
 * A provider factory whose providers show a QR code to scan on a Keycloak page of their own (their login URL), which
 * the {@code wechat} login page embeds in its QR tab: the Service Account's parametric QR, or the Open Platform's
 * embedded WeChat panel when the admin chose it.
 */
public interface QrPageFactory {

    boolean showsQrPage(IdentityProviderModel model);
}
