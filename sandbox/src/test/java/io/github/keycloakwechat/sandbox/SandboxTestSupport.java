package io.github.keycloakwechat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts a sandbox on a free port per test and talks to it over HTTP, as the extension would. */
abstract class SandboxTestSupport {

    static final String APP_ID = "wxsandbox0000001";
    static final String SECRET = "sandbox-secret-0001";
    static final String TOKEN = "sandboxtoken";
    static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String GH = "gh_sandbox00001";
    static final String WEB_APP_ID = "wxsandboxweb0001";
    static final String WEB_SECRET = "sandbox-web-secret-0001";
    static final String MINI_APP_ID = "wxsandboxmini001";
    static final String MINI_SECRET = "sandbox-mini-secret-0001";

    final ObjectMapper mapper = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    SandboxServer sandbox;

    @BeforeEach
    void startSandbox() throws IOException {
        SandboxConfig defaults = SandboxConfig.defaults();
        // The default callback (a local Keycloak) is not running in unit tests; tests set their own.
        List<SandboxApp> apps = defaults.apps().stream().map(a -> a.withCallbackUrl(null)).toList();
        sandbox = SandboxServer.start(new SandboxConfig("127.0.0.1", 0, apps, defaults.users()));
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    String url(String pathAndQuery) {
        return sandbox.baseUrl() + pathAndQuery;
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(pathAndQuery))).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<byte[]> getBytes(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(pathAndQuery))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    JsonNode getJson(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = get(pathAndQuery);
        assertEquals(200, response.statusCode(), response.body());
        return mapper.readTree(response.body());
    }

    JsonNode postJson(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = send("POST", path, "application/json", json);
        assertEquals(200, response.statusCode(), response.body());
        return mapper.readTree(response.body());
    }

    JsonNode putJson(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = send("PUT", path, "application/json", json);
        assertEquals(200, response.statusCode(), response.body());
        return mapper.readTree(response.body());
    }

    String stableToken() throws IOException, InterruptedException {
        JsonNode token = postJson("/cgi-bin/stable_token",
                "{\"grant_type\":\"client_credential\",\"appid\":\"" + APP_ID + "\",\"secret\":\"" + SECRET + "\"}");
        return token.get("access_token").asText();
    }

    /** Creates a temporary string-scene QR code; returns the qrcode/create answer. */
    JsonNode createQr(String accessToken, String sceneStr, int expireSeconds) throws IOException, InterruptedException {
        return postJson("/cgi-bin/qrcode/create?access_token=" + enc(accessToken),
                "{\"expire_seconds\":" + expireSeconds + ",\"action_name\":\"QR_STR_SCENE\",\"action_info\":{\"scene\":{\"scene_str\":\""
                        + sceneStr + "\"}}}");
    }

    void configureApp(String json) throws IOException, InterruptedException {
        putJson("/sandbox/api/apps/" + APP_ID, json);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
