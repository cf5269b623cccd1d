package io.github.keycloakwechat.qr;

/** A QR code ready for the login page: its scene (the poll handle), the image and how long it lives. */
public record IssuedQr(String sceneId, String imageDataUri, int expiresInSeconds) {
}
