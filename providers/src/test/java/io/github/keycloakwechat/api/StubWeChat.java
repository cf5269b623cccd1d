package io.github.keycloakwechat.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.http.impl.client.HttpClients;

/** A stand-in for api.weixin.qq.com on 127.0.0.1, scripted per path, recording every request. */
final class StubWeChat implements AutoCloseable {

    record Request(String method, String path, Map<String, String> query, String body) {
    }

    /** {@code bodyDelayMillis}: pause after the headers and first body byte, to simulate a trickling body. */
    record Response(int status, String contentType, byte[] body, long delayMillis, long bodyDelayMillis) {
        Response(int status, String contentType, byte[] body, long delayMillis) {
            this(status, contentType, body, delayMillis, 0);
        }

        static Response json(String json) {
            return new Response(200, "application/json; encoding=utf-8", json.getBytes(StandardCharsets.UTF_8), 0);
        }

        static Response status(int status, String body) {
            return new Response(status, "text/html", body.getBytes(StandardCharsets.UTF_8), 0);
        }

        Response delayed(long millis) {
            return new Response(status, contentType, body, millis, bodyDelayMillis);
        }

        Response trickled(long millis) {
            return new Response(status, contentType, body, delayMillis, millis);
        }
    }

    @FunctionalInterface
    interface Handler {
        Response handle(Request request);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    StubWeChat() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    WeChatAppCredentials app(String appId, String secret) {
        return new WeChatAppCredentials(baseUrl() + "/", appId, secret);
    }

    StubWeChat on(String path, Handler handler) {
        handlers.put(path, handler);
        return this;
    }

    StubWeChat on(String path, Response response) {
        return on(path, request -> response);
    }

    List<Request> requests(String path) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    static WeChatHttp http(Duration timeout) {
        // Keycloak hands the extension an Apache client like this one (its own, with the operator's proxy mappings).
        return new WeChatHttp(HttpClients.createDefault(), new CallDeadlines(timeout), WeChatErrcodes.TABLE);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    query(exchange.getRequestURI().getRawQuery()), body);
            requests.add(request);
            Handler handler = handlers.get(request.path());
            Response response = handler == null ? Response.status(404, "not found") : handler.handle(request);
            if (!pause(response.delayMillis())) {
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.sendResponseHeaders(response.status(), response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (response.bodyDelayMillis() > 0 && response.body().length > 1) {
                    out.write(response.body(), 0, 1);
                    out.flush();
                    if (!pause(response.bodyDelayMillis())) {
                        return;
                    }
                    out.write(response.body(), 1, response.body().length - 1);
                } else {
                    out.write(response.body());
                }
            }
        } catch (IOException e) {
            // the client gave up (timeout tests); nothing to do
        }
    }

    private static boolean pause(long millis) {
        if (millis <= 0) {
            return true;
        }
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.put(name, value);
        }
        return result;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
