package io.github.keycloakwechat.it.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Keycloak's admin REST API over {@link HttpClient} and Jackson, signed in to the master realm as the bootstrap
 * admin (password grant of {@code admin-cli}). The token is fetched again shortly before it expires (master's
 * access tokens live one minute).
 *
 * <p>Paths given to {@link #get}, {@link #post}, {@link #put} and {@link #delete} are relative to
 * {@code /admin/realms} (e.g. {@code /demo/users}); a path starting with {@code /admin/} is relative to the server
 * root, and a full {@code http(s)://} URL is used as is.
 */
public final class AdminClient {

    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(20);

    private final String baseUrl;
    private final String username;
    private final String password;
    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();

    private String accessToken;
    private Instant accessTokenExpiry = Instant.EPOCH;

    public AdminClient(String baseUrl, String username, String password) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.username = username;
        this.password = password;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public static AdminClient forServer(KeycloakServer server) {
        return new AdminClient(server.baseUrl(), server.adminUsername(), server.adminPassword());
    }

    /** A status, the parsed body ({@link MissingNode} when empty; a {@link TextNode} when not JSON) and headers. */
    public record JsonResponse(int status, JsonNode body, HttpHeaders headers) {

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        public Optional<String> location() {
            return headers.firstValue("Location");
        }

        /** This response, if its status is one of {@code expected}; else an {@link AssertionError} naming both. */
        public JsonResponse expect(int... expected) {
            if (Arrays.stream(expected).noneMatch(e -> e == status)) {
                throw new AssertionError("expected HTTP " + Arrays.stream(expected).mapToObj(String::valueOf)
                        .collect(Collectors.joining(" or ")) + " but got " + status + ": " + body);
            }
            return this;
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** A new, empty JSON object, for building representations. */
    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    // ---- generic ---------------------------------------------------------------------------------------------

    public JsonResponse get(String path) {
        return send("GET", path, null);
    }

    public JsonResponse post(String path, Object body) {
        return send("POST", path, body);
    }

    public JsonResponse put(String path, Object body) {
        return send("PUT", path, body);
    }

    public JsonResponse delete(String path) {
        return send("DELETE", path, null);
    }

    // ---- realms ----------------------------------------------------------------------------------------------

    /** Creates a realm from a representation (an {@link ObjectNode}, a {@link Map} or anything Jackson writes). */
    public void createRealm(Object realmRepresentation) {
        post("", realmRepresentation).expect(201);
    }

    public boolean realmExists(String realm) {
        return get("/" + enc(realm)).expect(200, 404).status() == 200;
    }

    /** Deletes the realm; a realm that does not exist is fine. */
    public void deleteRealm(String realm) {
        delete("/" + enc(realm)).expect(204, 404);
    }

    /**
     * Creates a realm that {@link TemporaryRealm#close()} deletes again, for try-with-resources. The
     * representation must name it ({@code "realm"}).
     */
    public TemporaryRealm createTemporaryRealm(ObjectNode realmRepresentation) {
        String name = realmRepresentation.path("realm").asText(null);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the realm representation has no \"realm\" name");
        }
        createRealm(realmRepresentation);
        return new TemporaryRealm(this, name);
    }

    /** A realm created for one test. */
    public record TemporaryRealm(AdminClient admin, String name) implements AutoCloseable {
        @Override
        public void close() {
            admin.deleteRealm(name);
        }
    }

    // ---- clients ---------------------------------------------------------------------------------------------

    /** Creates a client and returns its internal id. */
    public String createClient(String realm, Object clientRepresentation) {
        return idFromLocation(post("/" + enc(realm) + "/clients", clientRepresentation).expect(201));
    }

    /** The client with this {@code clientId}, or {@link MissingNode} if there is none. */
    public JsonNode findClient(String realm, String clientId) {
        JsonNode found = get("/" + enc(realm) + "/clients?clientId=" + enc(clientId)).expect(200).body();
        return found.size() == 0 ? MissingNode.getInstance() : found.get(0);
    }

    // ---- identity providers ----------------------------------------------------------------------------------

    public void createIdentityProvider(String realm, ObjectNode identityProvider) {
        post("/" + enc(realm) + "/identity-provider/instances", identityProvider).expect(201);
    }

    /** Replaces the identity provider named by the representation's {@code alias}. */
    public void updateIdentityProvider(String realm, ObjectNode identityProvider) {
        String alias = identityProvider.path("alias").asText();
        put("/" + enc(realm) + "/identity-provider/instances/" + enc(alias), identityProvider).expect(204);
    }

    public JsonNode getIdentityProvider(String realm, String alias) {
        return get("/" + enc(realm) + "/identity-provider/instances/" + enc(alias)).expect(200).body();
    }

    // ---- users -----------------------------------------------------------------------------------------------

    /** Users whose username, email, first or last name contains {@code search}. */
    public ArrayNode findUsers(String realm, String search) {
        return (ArrayNode) get("/" + enc(realm) + "/users?briefRepresentation=false&search=" + enc(search))
                .expect(200).body();
    }

    /** Users whose username is exactly {@code username} (zero or one). */
    public ArrayNode findUsersByUsername(String realm, String username) {
        return (ArrayNode) get("/" + enc(realm) + "/users?exact=true&briefRepresentation=false&username="
                + enc(username)).expect(200).body();
    }

    public JsonNode getUser(String realm, String userId) {
        return get("/" + enc(realm) + "/users/" + enc(userId)).expect(200).body();
    }

    /** Creates a user and returns its id. */
    public String createUser(String realm, Object userRepresentation) {
        return idFromLocation(post("/" + enc(realm) + "/users", userRepresentation).expect(201));
    }

    /** Creates an enabled user with a complete profile (no required action at first login) and a password. */
    /**
     * Gives the master realm's user {@code userId} the admin role {@code role} (e.g. {@code view-realm}) over
     * {@code realm}: a role of the master realm's client {@code <realm>-realm}.
     */
    public void grantRealmAdminRole(String realm, String userId, String role) {
        String clientId = findClient("master", realm + "-realm").path("id").asText();
        ArrayNode roles = mapper().createArrayNode();
        roles.add(get("/master/clients/" + clientId + "/roles/" + enc(role)).expect(200).body());
        post("/master/users/" + userId + "/role-mappings/clients/" + clientId, roles).expect(204);
    }

    public String createUserWithPassword(String realm, String username, String password) {
        ObjectNode user = object()
                .put("username", username)
                .put("enabled", true)
                .put("email", username + "@example.test")
                .put("emailVerified", true)
                .put("firstName", "Test")
                .put("lastName", "User");
        ObjectNode credential = user.putArray("credentials").addObject();
        credential.put("type", "password").put("value", password).put("temporary", false);
        return createUser(realm, user);
    }

    /** The user's links to identity providers ({@code identityProvider}, {@code userId}, {@code userName}). */
    public ArrayNode getFederatedIdentities(String realm, String userId) {
        return (ArrayNode) get("/" + enc(realm) + "/users/" + enc(userId) + "/federated-identity").expect(200).body();
    }

    // ---- plumbing --------------------------------------------------------------------------------------------

    private JsonResponse send(String method, String path, Object body) {
        JsonResponse response = sendOnce(method, path, body, token(false));
        if (response.status() == 401) {
            response = sendOnce(method, path, body, token(true));
        }
        return response;
    }

    private JsonResponse sendOnce(String method, String path, Object body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(toJson(body)));
        }
        return execute(request.build());
    }

    private URI resolve(String path) {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return URI.create(path);
        }
        if (path.startsWith("/admin/")) {
            return URI.create(baseUrl + path);
        }
        return URI.create(baseUrl + "/admin/realms" + path);
    }

    private synchronized String token(boolean forceNew) {
        if (!forceNew && accessToken != null && Instant.now().isBefore(accessTokenExpiry.minus(REFRESH_MARGIN))) {
            return accessToken;
        }
        String form = "grant_type=password&client_id=admin-cli&username=" + enc(username) + "&password=" + enc(password);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        JsonResponse response = execute(request);
        if (response.status() != 200) {
            // The body is Keycloak's error JSON; it never echoes the password.
            throw new IllegalStateException("admin sign-in to " + baseUrl + " failed: HTTP " + response.status()
                    + " " + response.body());
        }
        accessToken = response.body().path("access_token").asText();
        accessTokenExpiry = Instant.now().plusSeconds(response.body().path("expires_in").asLong(60));
        return accessToken;
    }

    private JsonResponse execute(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new JsonResponse(response.statusCode(), parse(response.body()), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException notJson) {
            return JsonNodeFactory.instance.textNode(body);
        }
    }

    private byte[] toJson(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + body.getClass() + " as JSON", e);
        }
    }

    private static String idFromLocation(JsonResponse response) {
        String location = response.location()
                .orElseThrow(() -> new AssertionError("HTTP " + response.status() + " without a Location header"));
        return location.substring(location.lastIndexOf('/') + 1);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
