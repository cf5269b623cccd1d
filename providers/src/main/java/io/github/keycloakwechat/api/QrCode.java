package io.github.keycloakwechat.api;

/**
 * A created parametric QR code.
 *
 * @param ticket verbatim from WeChat (contains {@code + / =}); correlates scan events and must be
 *     URL-encoded when put into a {@code showqrcode} URL
 * @param expireSeconds lifetime for temporary codes, {@code null} for permanent ones
 * @param url the QR payload; a login page can render its own QR image from it without calling WeChat again
 */
public record QrCode(String ticket, Integer expireSeconds, String url) {
}
