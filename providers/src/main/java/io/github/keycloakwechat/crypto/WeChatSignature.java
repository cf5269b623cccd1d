package io.github.keycloakwechat.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * WeChat's request signature: lowercase hex SHA-1 over the lexicographically sorted, concatenated parts.
 *
 * <p>The same function covers the plain {@code signature} (token, timestamp, nonce) and the encrypted-mode
 * {@code msg_signature} (token, timestamp, nonce, Encrypt); only the parts differ. Sorting uses
 * {@link String#compareTo}, which agrees with WeChat's byte order for the ASCII values WeChat sends.
 */
public final class WeChatSignature {

    private static final HexFormat HEX = HexFormat.of();

    private WeChatSignature() {
    }

    /**
     * Computes the signature over {@code parts}; a {@code null} part counts as the empty string, so a missing
     * query parameter yields a signature that simply will not match instead of an exception.
     */
    public static String sign(String... parts) {
        String[] sorted = parts == null ? new String[0] : parts.clone(); // never reorder the caller's array
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] == null) {
                sorted[i] = "";
            }
        }
        Arrays.sort(sorted);
        MessageDigest sha1 = newSha1();
        for (String part : sorted) {
            sha1.update(part.getBytes(StandardCharsets.UTF_8));
        }
        return HEX.formatHex(sha1.digest());
    }

    /**
     * Whether {@code expectedHex} is the signature over {@code parts}. The comparison takes the same time
     * wherever the first difference is, so an attacker cannot recover a valid signature byte by byte.
     * A {@code null} or blank expectation never matches.
     */
    public static boolean matches(String expectedHex, String... parts) {
        if (expectedHex == null || expectedHex.isBlank()) {
            return false;
        }
        byte[] expected = expectedHex.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        byte[] actual = sign(parts).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE runtime must provide SHA-1; its absence is a broken JVM, not a bad request.
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }
}
