package io.github.keycloakwechat.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.keycloakwechat.miniprogram.MiniProgramGrantTypeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** What a Mini Program does with {@code wx.request}: form posts to the realm's token endpoint, as a public client. */
public final class MiniProgramClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String tokenEndpoint;
    private final String clientId;

    public MiniProgramClient(String realmUrl, String clientId) {
        this.tokenEndpoint = realmUrl + "/protocol/openid-connect/token";
        this.clientId = clientId;
    }

    /** The answer of Keycloak's token endpoint: its status, its JSON and the raw body. */
    public record Answer(int status, JsonNode json, String body) {
        public String error() {
            return json.path("error").asText(null);
        }

        public String description() {
            return json.path("error_description").asText("");
        }
    }

    /** The Mini Program grant with the code of {@code wx.login()} and, unless null, the getPhoneNumber code. */
    public Answer signIn(String code, String phoneCode) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", MiniProgramGrantTypeFactory.GRANT_TYPE);
        form.put("client_id", clientId);
        form.put("code", code);
        if (phoneCode != null) {
            form.put("phone_code", phoneCode);
        }
        return post(form);
    }

    public Answer refresh(String refreshToken) {
        return post(Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken));
    }

    private Answer post(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), json, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
