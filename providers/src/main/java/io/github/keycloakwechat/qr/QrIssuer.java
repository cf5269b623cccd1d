package io.github.keycloakwechat.qr;

import io.github.keycloakwechat.api.QrCode;
import io.github.keycloakwechat.api.WeChatApiException;

/**
 * Asks a product for a login QR code. The Service Account creates a parametric code through {@code qrcode/create};
 * the scene id is ours, random, and is the only thing the code and its scan push carry.
 */
public interface QrIssuer {

    /** The alias of the identity provider that completes logins by this QR. */
    String alias();

    /** How long a code should live, in seconds; the product may grant less. */
    int lifetimeSeconds();

    /** New codes one client address may get per minute on this node; 0: no bound. */
    int codesPerMinutePerAddress();

    /** Whether scans must be confirmed on the phone, whose page then describes the browser that showed the code. */
    default boolean confirmOnPhone() {
        return false;
    }

    QrCode create(String sceneId) throws WeChatApiException;
}
