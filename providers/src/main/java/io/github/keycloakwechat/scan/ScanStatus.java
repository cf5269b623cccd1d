package io.github.keycloakwechat.scan;

import java.util.Locale;

/** What a waiting login page may learn about its QR code, and nothing more. */
public enum ScanStatus {
    PENDING, SCANNED, EXPIRED;

    public String wireValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ScanStatus fromWire(String value) {
        for (ScanStatus status : values()) {
            if (status.wireValue().equals(value)) {
                return status;
            }
        }
        return null;
    }
}
