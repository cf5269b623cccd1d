package io.github.keycloakwechat.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Comparing and showing secrets. */
final class Secrets {

    private Secrets() {
    }

    static boolean equal(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    /** "sand…01": enough to tell secrets apart on a status page, not enough to use one. */
    static String mask(String secret) {
        if (secret == null) {
            return null;
        }
        if (secret.length() < 10) {
            return "****";
        }
        return secret.substring(0, 4) + "****" + secret.substring(secret.length() - 2);
    }
}
