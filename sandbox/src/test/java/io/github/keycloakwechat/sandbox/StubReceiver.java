package io.github.keycloakwechat.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A stand-in for the extension's push endpoint: records what arrives and answers as told. */
final class StubReceiver implements AutoCloseable {

    record Received(String method, Map<String, String> query, String body) {
    }

    record Answer(int status, String body, long delayMs) {
        static Answer ok(String body) {
            return new Answer(200, body, 0);
        }
    }

    /** Decides the answer for the n-th request (1-based). */
    interface Responder {
        Answer answer(int attempt, Received request) throws Exception;
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile Responder responder = (n, r) -> Answer.ok("success");

    StubReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Received request = new Received(exchange.getRequestMethod(),
                        Map.copyOf(Request.parsePairs(exchange.getRequestURI().getRawQuery()).stream()
                                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a))),
                        body);
                received.add(request);
                Answer answer;
                try {
                    answer = responder.answer(count.incrementAndGet(), request);
                } catch (Exception e) {
                    answer = new Answer(500, e.toString(), 0);
                }
                if (answer.delayMs() > 0) {
                    Thread.sleep(answer.delayMs());
                }
                byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the sandbox gave up waiting (timeout test)
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/demo/wechat/push/wechat-mp";
    }

    void respond(Responder r) {
        this.responder = r;
    }

    List<Received> received() {
        return received;
    }

    Received last() {
        return received.get(received.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
