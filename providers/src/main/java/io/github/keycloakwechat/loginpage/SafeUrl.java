package io.github.keycloakwechat.loginpage;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The URLs an admin may put on the login page, checked before they reach an attribute or a CSP header. */
public final class SafeUrl {

    private static final int MAX_LENGTH = 2048;
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /** An embeddable page and the origin the login page's CSP {@code frame-src} must admit for it. */
    public record Frame(String url, String origin) {
    }

    private SafeUrl() {
    }

    /**
     * A page for the left panel's iframe: https anywhere, or http on this machine only (for development), because a
     * plain-http frame on a production login page could be rewritten by anyone on the network path.
     */
    public static Optional<Frame> frame(String value) {
        return absolute(value).flatMap(uri -> {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            boolean allowed = "https".equals(scheme) || ("http".equals(scheme) && LOOPBACK_HOSTS.contains(host));
            if (!allowed) {
                return Optional.empty();
            }
            String origin = scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            return Optional.of(new Frame(uri.toString(), origin));
        });
    }

    /** An image: http(s) anywhere, or a path on this server (e.g. a theme resource). */
    public static Optional<String> image(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String url = value.trim();
        if (url.startsWith("/") && !url.startsWith("//") && url.length() <= MAX_LENGTH && !url.contains("\\")) {
            try {
                URI uri = new URI(url);
                return uri.getScheme() == null && uri.getHost() == null ? Optional.of(url) : Optional.empty();
            } catch (URISyntaxException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return absolute(url).filter(uri -> Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT)))
                .map(URI::toString);
    }

    private static Optional<URI> absolute(String value) {
        if (value == null || value.isBlank() || value.trim().length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            if (uri.getPort() > 65535) {
                // java.net.URI takes any int as a port; browsers refuse the URL, and the CSP origin would be invalid
                // (found by fuzzing, docs/fuzzing.md).
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException | RuntimeException e) {
            // java.net.URI does not always say URISyntaxException: an IPv6 literal ending in an IPv4 part with a very
            // long number ("http://[::7777…7127.0.0.1]") makes it throw NumberFormatException (JDK 17; found by
            // fuzzing, docs/fuzzing.md). A URL the JDK cannot parse is not a safe URL, and never a broken login page.
            return Optional.empty();
        }
    }
}
