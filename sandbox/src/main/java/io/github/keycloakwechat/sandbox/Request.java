package io.github.keycloakwechat.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One incoming request: ordered, URL-decoded query parameters and a size-limited body. */
final class Request {

    /** Larger bodies are refused: nothing the sandbox accepts comes close. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpExchange exchange;
    private final List<Map.Entry<String, String>> query;
    private byte[] body;

    Request(HttpExchange exchange) {
        this.exchange = exchange;
        this.query = parsePairs(exchange.getRequestURI().getRawQuery());
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String path() {
        String path = exchange.getRequestURI().getPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /** The client's IP address, e.g. "127.0.0.1" (what WeCom reports as "from ip"). */
    String remoteIp() {
        java.net.InetSocketAddress remote = exchange.getRemoteAddress();
        if (remote == null) {
            return "0.0.0.0";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** Query parameter names in the order the client sent them. */
    List<String> queryNames() {
        return query.stream().map(Map.Entry::getKey).toList();
    }

    /** The first value of a query parameter, URL-decoded ('+' becomes a space), or null. */
    String param(String name) {
        return first(query, name);
    }

    byte[] body() throws IOException {
        if (body == null) {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] read = in.readNBytes(MAX_BODY_BYTES + 1);
                if (read.length > MAX_BODY_BYTES) {
                    throw new BodyTooLargeException();
                }
                body = read;
            }
        }
        return body;
    }

    /** An application/x-www-form-urlencoded body; first value per name. */
    Map<String, String> form() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : parsePairs(new String(body(), StandardCharsets.UTF_8))) {
            out.putIfAbsent(pair.getKey(), pair.getValue());
        }
        return out;
    }

    private static String first(List<Map.Entry<String, String>> pairs, String name) {
        for (Map.Entry<String, String> pair : pairs) {
            if (pair.getKey().equals(name)) {
                return pair.getValue();
            }
        }
        return null;
    }

    static List<Map.Entry<String, String>> parsePairs(String raw) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            out.add(Map.entry(decode(name), decode(value)));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A broken %-escape: keep the raw text; lookups with it simply fail.
            return s;
        }
    }

    /** The body exceeded {@link #MAX_BODY_BYTES}. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("request body larger than " + MAX_BODY_BYTES + " bytes");
        }
    }
}
