package io.github.keycloakwechat.scan;

import java.util.Locale;

/**
 * What a waiting login page may learn about its QR code, and nothing more. {@code CONFIRMING} and {@code DENIED} occur
 * only with "confirm on the phone": scanned and waiting for the person's answer, and refused by them.
 */
public enum ScanStatus {
    PENDING, SCANNED, CONFIRMING, DENIED, EXPIRED;

    /** Whether this status can no longer change, so a poll gets it at once. */
    public boolean isFinal() {
        return this == EXPIRED || this == DENIED;
    }

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
