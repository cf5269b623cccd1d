package io.github.keycloakwechat.it.support;

import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Cookies the way a browser keeps them (RFC 6265), which {@link java.net.CookieManager} does not do: Keycloak 26
 * sets {@code Secure; SameSite=None} on its login cookies even over plain HTTP, and browsers still send them to
 * {@code http://127.0.0.1} and {@code http://localhost} because loopback counts as a secure context. The JDK's
 * manager withholds them (the login then fails with "cookie not found") and would also rewrite {@code Version=1}
 * cookies into RFC 2965 syntax ({@code $Version="1"}). Values are sent back exactly as received.
 */
final class BrowserCookieJar extends CookieHandler {

    private static final DateTimeFormatter NETSCAPE_EXPIRES =
            DateTimeFormatter.ofPattern("EEE, dd-MMM-yyyy HH:mm:ss zzz", Locale.ROOT);

    /** One stored cookie. {@code expires} null means a session cookie. */
    record Cookie(String name, String value, String domain, boolean hostOnly, String path, boolean secure,
                  boolean httpOnly, Instant expires) {

        boolean expired(Instant now) {
            return expires != null && !expires.isAfter(now);
        }
    }

    private final List<Cookie> cookies = new ArrayList<>();

    @Override
    public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        String header = matching(uri).stream()
                .map(c -> c.name() + "=" + c.value())
                .collect(Collectors.joining("; "));
        return header.isEmpty() ? Map.of() : Map.of("Cookie", List.of(header));
    }

    @Override
    public synchronized void put(URI uri, Map<String, List<String>> responseHeaders) {
        responseHeaders.forEach((name, values) -> {
            if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                values.forEach(value -> store(uri, value));
            }
        });
    }

    /** The value of the cookie named {@code name} that a request to {@code uri} would carry. */
    synchronized Optional<String> value(URI uri, String name) {
        return matching(uri).stream().filter(c -> c.name().equals(name)).map(Cookie::value).findFirst();
    }

    synchronized List<Cookie> all() {
        return List.copyOf(cookies);
    }

    synchronized void clear() {
        cookies.clear();
    }

    private List<Cookie> matching(URI uri) {
        Instant now = Instant.now();
        cookies.removeIf(c -> c.expired(now));
        String host = host(uri);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        boolean secureContext = "https".equalsIgnoreCase(uri.getScheme()) || isLoopback(host);
        return cookies.stream()
                .filter(c -> c.hostOnly() ? host.equals(c.domain()) : domainMatches(host, c.domain()))
                .filter(c -> pathMatches(path, c.path()))
                .filter(c -> !c.secure() || secureContext)
                .sorted(Comparator.comparingInt((Cookie c) -> c.path().length()).reversed())
                .toList();
    }

    private void store(URI uri, String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        String host = host(uri);
        String domain = host;
        boolean hostOnly = true;
        String path = null;
        boolean secure = false;
        boolean httpOnly = false;
        Instant expires = null;
        Long maxAge = null;
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim();
            int ae = attribute.indexOf('=');
            String key = (ae < 0 ? attribute : attribute.substring(0, ae)).trim().toLowerCase(Locale.ROOT);
            String val = ae < 0 ? "" : attribute.substring(ae + 1).trim();
            switch (key) {
                case "domain" -> {
                    String d = val.startsWith(".") ? val.substring(1) : val;
                    if (!d.isEmpty()) {
                        if (!domainMatches(host, d.toLowerCase(Locale.ROOT))) {
                            return; // a browser rejects a cookie for a foreign domain
                        }
                        domain = d.toLowerCase(Locale.ROOT);
                        hostOnly = false;
                    }
                }
                case "path" -> path = val.startsWith("/") ? val : null;
                case "secure" -> secure = true;
                case "httponly" -> httpOnly = true;
                case "max-age" -> {
                    try {
                        maxAge = Long.parseLong(val);
                    } catch (NumberFormatException ignored) {
                        // browsers ignore a malformed Max-Age
                    }
                }
                case "expires" -> expires = parseExpires(val);
                default -> {
                    // SameSite, Version, Comment, Priority: no effect on which requests carry the cookie here
                }
            }
        }
        if (maxAge != null) {
            expires = maxAge <= 0 ? Instant.EPOCH : Instant.now().plusSeconds(maxAge);
        }
        if (path == null) {
            path = defaultPath(uri);
        }
        Cookie cookie = new Cookie(name, value, domain, hostOnly, path, secure, httpOnly, expires);
        cookies.removeIf(c -> c.name().equals(cookie.name()) && c.domain().equals(cookie.domain())
                && c.path().equals(cookie.path()));
        if (!cookie.expired(Instant.now())) {
            cookies.add(cookie);
        }
    }

    private static Instant parseExpires(String value) {
        for (DateTimeFormatter format : List.of(DateTimeFormatter.RFC_1123_DATE_TIME, NETSCAPE_EXPIRES)) {
            try {
                return ZonedDateTime.parse(value, format).toInstant();
            } catch (DateTimeParseException tryNext) {
                // next format
            }
        }
        return null;
    }

    /** RFC 6265 5.1.4: the directory of the request path. */
    private static String defaultPath(URI uri) {
        String path = uri.getRawPath();
        if (path == null || !path.startsWith("/")) {
            return "/";
        }
        int last = path.lastIndexOf('/');
        return last <= 0 ? "/" : path.substring(0, last);
    }

    /** RFC 6265 5.1.4 path-match. */
    private static boolean pathMatches(String requestPath, String cookiePath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        if (requestPath.startsWith(cookiePath)) {
            return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/';
        }
        return false;
    }

    private static boolean domainMatches(String host, String domain) {
        return host.equals(domain) || (host.endsWith("." + domain) && !isIpAddress(host));
    }

    private static String host(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        if (!isIpAddress(host)) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isIpAddress(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
