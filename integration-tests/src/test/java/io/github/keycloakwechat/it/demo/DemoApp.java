package io.github.keycloakwechat.it.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The demo's application: an ordinary OIDC client of the demo realm ({@code demo-app}, authorization code with PKCE)
 * that shows who signed in and the claims of the ID token it got. It knows nothing of WeChat: the sign-in methods
 * are Keycloak's, and {@code /login?hint=<alias>} only passes {@code kc_idp_hint} for a direct start.
 */
public final class DemoApp implements AutoCloseable {

    /** Sign-ins started and not yet come back; a demo keeps the last few hundred. */
    private static final int MAX_PENDING = 500;

    private final HttpServer server;
    private final ExecutorService executor;
    private final OidcClientFlow oidc;
    private final String baseUrl;
    private final Map<String, OidcClientFlow.AuthorizationRequest> pending = new LinkedHashMap<>();

    private DemoApp(HttpServer server, ExecutorService executor, OidcClientFlow oidc, String baseUrl) {
        this.server = server;
        this.executor = executor;
        this.oidc = oidc;
        this.baseUrl = baseUrl;
    }

    /** Starts on 127.0.0.1:{@code port} (0: any free port) for {@code realm} of the Keycloak at {@code keycloakBaseUrl}. */
    public static DemoApp start(String keycloakBaseUrl, String realm, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        ExecutorService executor = Executors.newFixedThreadPool(4);
        DemoApp app = new DemoApp(server, executor, new OidcClientFlow(keycloakBaseUrl, realm, "demo-app",
                baseUrl + "/callback"), baseUrl);
        server.createContext("/", app::handle);
        server.setExecutor(executor);
        server.start();
        return app;
    }

    public String baseUrl() {
        return baseUrl;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI());
            if (path.equals("/login")) {
                String hint = query.get("hint");
                OidcClientFlow.AuthorizationRequest request = hint == null || hint.isBlank() ? oidc.newAuthorizationRequest()
                        : oidc.newAuthorizationRequest(Map.of("kc_idp_hint", hint));
                remember(request);
                exchange.getResponseHeaders().add("Location", request.uri().toString());
                exchange.sendResponseHeaders(302, -1);
            } else if (path.equals("/callback")) {
                callback(exchange, query);
            } else if (path.equals("/")) {
                page(exchange, 200, "<p>Sign in to the demo realm with any method:</p><p><a id=\"demo-sign-in\" href=\"/login\">"
                        + "Sign in / 登录</a></p><p>Straight to one provider: <a href=\"/login?hint=wechat-mp\">WeChat QR</a> · "
                        + "<a href=\"/login?hint=wechat-open\">WeChat website</a> · <a href=\"/login?hint=wecom\">WeCom</a></p>");
            } else {
                page(exchange, 404, "<p>Not found. <a href=\"/\">Back</a></p>");
            }
        }
    }

    private void callback(HttpExchange exchange, Map<String, String> query) throws IOException {
        OidcClientFlow.AuthorizationRequest request = take(query.get("state"));
        if (request == null || query.get("code") == null) {
            page(exchange, 400, "<p id=\"demo-error\">No sign-in is waiting for this answer ("
                    + esc(String.valueOf(query.get("error"))) + "). <a href=\"/\">Start again</a></p>");
            return;
        }
        JsonNode claims;
        try {
            String code = oidc.codeFrom(request, URI.create(baseUrl + exchange.getRequestURI()));
            claims = oidc.exchange(request, code).idTokenClaims();
        } catch (RuntimeException | AssertionError e) {
            page(exchange, 502, "<p id=\"demo-error\">Keycloak did not give tokens: " + esc(e.getMessage())
                    + ". <a href=\"/\">Start again</a></p>");
            return;
        }
        StringBuilder rows = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = claims.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> claim = it.next();
            rows.append("<tr><th>").append(esc(claim.getKey())).append("</th><td data-claim=\"").append(esc(claim.getKey()))
                    .append("\">").append(esc(claim.getValue().isTextual() ? claim.getValue().asText() : claim.getValue().toString()))
                    .append("</td></tr>");
        }
        page(exchange, 200, "<p id=\"demo-signed-in\">Signed in as <b>"
                + esc(claims.path("preferred_username").asText(claims.path("sub").asText())) + "</b>.</p>"
                + "<table id=\"demo-claims\">" + rows + "</table><p><a href=\"/\">Sign in again</a></p>");
    }

    private synchronized void remember(OidcClientFlow.AuthorizationRequest request) {
        if (pending.size() >= MAX_PENDING) {
            pending.remove(pending.keySet().iterator().next());
        }
        pending.put(request.state(), request);
    }

    private synchronized OidcClientFlow.AuthorizationRequest take(String state) {
        return state == null ? null : pending.remove(state);
    }

    private static void page(HttpExchange exchange, int status, String body) throws IOException {
        byte[] html = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>keycloak-wechat demo app</title>"
                + "<style>body{font:15px system-ui,sans-serif;margin:2em}th{text-align:left;padding-right:1em}</style></head>"
                + "<body><h1>Demo app</h1>" + body + "</body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, html.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(html);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                params.putIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
