package io.github.keycloakwechat.api;

/**
 * Lifetime of a parametric QR code. Login uses {@link #TEMPORARY} (one code per login attempt, at most
 * 30 days); {@link #PERMANENT} codes are capped at 100,000 per account and never expire, so they suit a
 * fixed poster, not a login session.
 */
public enum QrCodeType {
    TEMPORARY,
    PERMANENT
}
