package io.github.keycloakwechat.sandbox;

import java.time.Instant;

/**
 * A parametric QR code issued by {@code cgi-bin/qrcode/create}.
 *
 * @param ticket      the ticket (standard base64: contains '+', '/' and ends with '=')
 * @param url         the QR payload, {@code baseUrl + "/q/" + id}
 * @param id          the last path segment of {@code url}
 * @param scene       the scene value as it appears in EventKey (scene_id in decimal, or scene_str)
 * @param stringScene whether the scene is a scene_str
 * @param appId       the app that created it
 * @param createdAt   when it was created
 * @param expiresAt   when it expires; null for permanent codes
 * @param permanent   QR_LIMIT_SCENE / QR_LIMIT_STR_SCENE
 */
public record SandboxQrCode(String ticket, String url, String id, String scene, boolean stringScene, String appId,
                            Instant createdAt, Instant expiresAt, boolean permanent) {

    /** Whether the code can still be scanned at {@code now}. */
    public boolean validAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }
}
