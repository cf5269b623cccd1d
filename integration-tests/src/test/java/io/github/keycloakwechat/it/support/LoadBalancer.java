package io.github.keycloakwechat.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A reverse proxy in front of the cluster's nodes, shaped like the production ones: sticky sessions by a cookie it
 * inserts ({@code KC_ROUTE}, as HAProxy's {@code cookie ... insert}), {@code X-Forwarded-*} headers, and failover:
 * a node that refuses connections is marked down and its browsers move to a live one. Binds 127.0.0.1 only.
 */
public final class LoadBalancer implements AutoCloseable {

    public static final String ROUTE_COOKIE = "KC_ROUTE";

    /** Headers that belong to one hop, or that Java's client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "http2-settings");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "load-balancer");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> backends;
    private final boolean[] down;
    private final AtomicIntegerArray requests;
    private int next;

    private LoadBalancer(List<String> backends) throws IOException {
        this.backends = List.copyOf(backends);
        this.down = new boolean[backends.size()];
        this.requests = new AtomicIntegerArray(backends.size());
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/", this::forward);
        server.setExecutor(executor);
    }

    /** Starts on a free port in front of {@code backends} ({@code http://host:port}, no trailing slash). */
    public static LoadBalancer start(List<String> backends) {
        try {
            LoadBalancer balancer = new LoadBalancer(backends);
            balancer.server.start();
            return balancer;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the load balancer", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:port}: the cluster's public URL ({@code --hostname}). */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Requests forwarded to the backend at {@code index} so far. */
    public int requestsTo(int index) {
        return requests.get(index);
    }

    /** The cookie that routes a browser to the backend at {@code index}. */
    public static String routeCookieFor(int index) {
        return "node" + (index + 1);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------------------

    private void forward(HttpExchange exchange) throws IOException {
        try {
            forwardOrFail(exchange);
        } catch (IOException | RuntimeException e) {
            System.err.println("[load balancer] " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " failed: " + e);
            throw e;
        }
    }

    private void forwardOrFail(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int routed = routeOf(exchange);
            int target = routed >= 0 && !isDown(routed) ? routed : pickLive();
            while (target >= 0) {
                try {
                    HttpResponse<InputStream> response = client.send(request(exchange, target, body),
                            HttpResponse.BodyHandlers.ofInputStream());
                    requests.incrementAndGet(target);
                    reply(exchange, response, target != routed ? target : -1);
                    return;
                } catch (ConnectException | HttpConnectTimeoutException refused) {
                    markDown(target);
                    target = pickLive();
                } catch (IOException broken) {
                    // The node died while answering: as a real balancer, the browser sees a bad gateway.
                    markDown(target);
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            byte[] message = "no live Keycloak node\n".getBytes();
            exchange.sendResponseHeaders(502, message.length);
            exchange.getResponseBody().write(message);
        }
    }

    private HttpRequest request(HttpExchange exchange, int target, byte[] body) {
        URI uri = URI.create(backends.get(target) + exchange.getRequestURI().toString());
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(name) && !name.startsWith("x-forwarded-")) {
                header.getValue().forEach(value -> builder.header(header.getKey(), value));
            }
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        builder.header("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress());
        builder.header("X-Forwarded-Proto", "http");
        builder.header("X-Forwarded-Host", host == null ? "127.0.0.1:" + port() : host);
        return builder.build();
    }

    private void reply(HttpExchange exchange, HttpResponse<InputStream> response, int newRoute) throws IOException {
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, new ArrayList<>(values));
            }
        });
        if (newRoute >= 0) {
            exchange.getResponseHeaders().add("Set-Cookie", ROUTE_COOKIE + "=" + routeCookieFor(newRoute)
                    + "; Path=/; HttpOnly");
        }
        try (InputStream in = response.body()) {
            byte[] bytes = in.readAllBytes();
            boolean noBody = response.statusCode() == 204 || response.statusCode() == 304
                    || "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : bytes.length == 0 ? -1 : bytes.length);
            if (!noBody && bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private int routeOf(HttpExchange exchange) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String cookie : header.split(";")) {
                String[] pair = cookie.trim().split("=", 2);
                if (pair.length == 2 && pair[0].equals(ROUTE_COOKIE)) {
                    for (int i = 0; i < backends.size(); i++) {
                        if (routeCookieFor(i).equals(pair[1])) {
                            return i;
                        }
                    }
                }
            }
        }
        return -1;
    }

    private synchronized boolean isDown(int index) {
        return down[index];
    }

    private synchronized void markDown(int index) {
        down[index] = true;
    }

    /** Round robin over the nodes not marked down; -1 when none is left. */
    private synchronized int pickLive() {
        for (int tried = 0; tried < backends.size(); tried++) {
            int candidate = next++ % backends.size();
            if (!down[candidate]) {
                return candidate;
            }
        }
        return -1;
    }
}
