package io.github.keycloakwechat.sandbox;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Random values shaped like WeChat's: tokens, tickets, codes, nonces. Those a relying party must keep secret
 * (access tokens, OAuth and Mini Program codes, session keys) are also remembered, bounded, so tests can check that
 * none of them ever reaches a log ({@link SandboxState#secrets()}).
 */
final class Ids {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SECRETS_REMEMBERED = 200_000;

    private final SecureRandom random = new SecureRandom();
    private final LinkedHashSet<String> secrets = new LinkedHashSet<>();

    /** An access token: 128 characters of [A-Za-z0-9_-] (WeChat asks clients to store at least 512). */
    String accessToken() {
        return secret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(96)));
    }

    /** A one-time code (OAuth, WeCom, Mini Program login): alphanumeric, secret until used. */
    String code(int length) {
        return secret(alnum(length));
    }

    /** Every secret value issued so far (the newest {@value #SECRETS_REMEMBERED}). */
    List<String> secretsIssued() {
        synchronized (secrets) {
            return new ArrayList<>(secrets);
        }
    }

    private String secret(String value) {
        synchronized (secrets) {
            secrets.add(value);
            if (secrets.size() > SECRETS_REMEMBERED) {
                secrets.remove(secrets.iterator().next());
            }
        }
        return value;
    }

    /**
     * A QR ticket: standard base64 that always contains '+' and '/' and ends with '=', like WeChat's,
     * so a client that forgets to URL-encode it for showqrcode fails here as it would there.
     */
    String ticket() {
        while (true) {
            String t = Base64.getEncoder().encodeToString(bytes(70));
            if (t.indexOf('+') >= 0 && t.indexOf('/') >= 0 && t.endsWith("=")) {
                return t;
            }
        }
    }

    /** Alphanumeric, e.g. the id at the end of a QR url or an OAuth code. */
    String alnum(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    /** A Mini Program phone code: lowercase hex of 32 random bytes (64 characters), secret until used. */
    String phoneCode() {
        return secret(HexFormat.of().formatHex(bytes(32)));
    }

    /** A Mini Program session_key: 16 random bytes in standard base64, 24 characters like WeChat's. */
    String sessionKey() {
        return secret(Base64.getEncoder().encodeToString(bytes(16)));
    }

    /** A numeric nonce as WeChat sends them, e.g. "1514711492". */
    String nonce() {
        return Long.toString(1_000_000_000L + (random.nextLong() & Long.MAX_VALUE) % 9_000_000_000L);
    }

    /** A numeric echostr for URL verification, e.g. "4375120948345356249". */
    String echostr() {
        return Long.toString(1_000_000_000_000_000_000L + (random.nextLong() & Long.MAX_VALUE) % 8_000_000_000_000_000_000L);
    }

    /** The request id WeChat appends to every errmsg, e.g. "6641a0c2-5e1f0b3a-2c7d9e41". */
    String rid() {
        HexFormat hex = HexFormat.of();
        return hex.formatHex(bytes(4)) + "-" + hex.formatHex(bytes(4)) + "-" + hex.formatHex(bytes(4));
    }

    /** The request id in WeCom's errmsg ("hint: [...]"): 25 digits, e.g. "1741842467591810604040261". */
    String weComHint(long epochMillis) {
        StringBuilder sb = new StringBuilder(Long.toString(epochMillis));
        while (sb.length() < 25) {
            sb.append(random.nextInt(10));
        }
        return sb.toString();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
