package io.github.keycloakwechat.scan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Scene ids are 128-bit random: a scene id is the only handle on a login QR, so it must not be guessable. */
public final class SceneIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** 16 random bytes in unpadded base64url: 22 characters, within WeChat's 64-character scene_str limit. */
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{22}");

    private SceneIds() {
    }

    public static String newSceneId() {
        return newToken();
    }

    /** 128 random bits in the scene id's format, for any handle that must not be guessable (links, states). */
    public static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean isWellFormed(String sceneId) {
        return sceneId != null && FORMAT.matcher(sceneId).matches();
    }

    /**
     * Whether two secrets-derived texts (hashes, tokens, openids) are equal, in time that does not depend on where
     * they differ; null never matches.
     */
    public static boolean sameText(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Tickets are stored hashed: the store only needs to recognise one, never to show it. */
    public static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
