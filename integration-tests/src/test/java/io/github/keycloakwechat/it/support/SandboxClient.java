package io.github.keycloakwechat.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The sandbox's control API, as the phone page uses it: scan a QR as a fake WeChat user, inject faults. */
public final class SandboxClient {

    /** What the sandbox reports about one scan: the event pushed, how delivery went, what the person saw. */
    public record ScanResult(int status, JsonNode body) {
        public String event() {
            return body.path("event").asText(null);
        }

        public boolean delivered() {
            return body.path("delivered").asBoolean(false);
        }

        public int attempts() {
            return body.path("attempts").asInt(0);
        }

        public String replyText() {
            return body.path("replyText").asText(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SandboxClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public ScanResult scan(String user, String qrUrl) {
        JsonNode body = post("/sandbox/api/scan", Map.of("user", user, "qrUrl", qrUrl));
        return new ScanResult(lastStatus, body);
    }

    public void fault(Map<String, Object> fault) {
        post("/sandbox/api/faults", fault);
    }

    public void clearFaults() {
        send(HttpRequest.newBuilder(URI.create(baseUrl + "/sandbox/api/faults")).DELETE());
    }

    private volatile int lastStatus;

    private JsonNode post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            lastStatus = response.statusCode();
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
