package io.github.keycloakwechat.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an ordinary application does to sign a user in through Keycloak: authorization code with PKCE (S256),
 * {@code state} and {@code nonce}. The redirect URI is a loopback URL nobody has to serve — the test stops at the
 * redirect to it (see {@link HttpBrowser#followRedirects(HttpBrowser.Page, java.util.function.Predicate)} and
 * {@link #isCallback(URI)}) and reads the code from the {@code Location} header.
 */
public final class OidcClientFlow {

    /** Where the callback "lands"; port 1 on loopback, which nothing listens on. */
    public static final String DEFAULT_REDIRECT_URI = "http://127.0.0.1:1/callback";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String realmUrl;
    private final String clientId;
    private final String redirectUri;
    private final String clientSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** For a public client. */
    public OidcClientFlow(String baseUrl, String realm, String clientId, String redirectUri) {
        this(baseUrl, realm, clientId, redirectUri, null);
    }

    /** For a confidential client ({@code client_secret_post}); {@code clientSecret} null for a public client. */
    public OidcClientFlow(String baseUrl, String realm, String clientId, String redirectUri, String clientSecret) {
        this.realmUrl = stripSlash(baseUrl) + "/realms/" + realm;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.clientSecret = clientSecret;
    }

    /** One authorization request and the secrets the client keeps for it. */
    public record AuthorizationRequest(URI uri, String state, String nonce, String codeVerifier) {
    }

    /** The token endpoint's answer; {@code idTokenClaims} is the decoded payload of the ID token. */
    public record Tokens(String accessToken, String idToken, String refreshToken, JsonNode idTokenClaims,
                         JsonNode response) {

        /** The decoded payload of the access token (Keycloak's access tokens are JWTs). */
        public JsonNode accessTokenClaims() {
            return decodeJwtPayload(accessToken);
        }
    }

    /** A realm + public client representation that fits this flow (standard flow, PKCE S256 required). */
    public static Map<String, Object> publicClientRepresentation(String clientId, String redirectUri) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("protocol", "openid-connect");
        client.put("enabled", true);
        client.put("publicClient", true);
        client.put("standardFlowEnabled", true);
        client.put("directAccessGrantsEnabled", false);
        client.put("redirectUris", java.util.List.of(redirectUri));
        client.put("attributes", Map.of("pkce.code.challenge.method", "S256"));
        return client;
    }

    public AuthorizationRequest newAuthorizationRequest() {
        return newAuthorizationRequest(Map.of());
    }

    /** A fresh request; {@code extraParameters} are added as they are (e.g. {@code kc_idp_hint}, {@code ui_locales}). */
    public AuthorizationRequest newAuthorizationRequest(Map<String, String> extraParameters) {
        String state = randomToken();
        String nonce = randomToken();
        String verifier = randomToken() + randomToken();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        params.put("response_type", "code");
        params.put("scope", "openid");
        params.put("state", state);
        params.put("nonce", nonce);
        params.put("code_challenge", codeChallenge(verifier));
        params.put("code_challenge_method", "S256");
        params.putAll(extraParameters);
        URI uri = URI.create(realmUrl + "/protocol/openid-connect/auth?" + form(params));
        return new AuthorizationRequest(uri, state, nonce, verifier);
    }

    /** Whether {@code uri} is this client's redirect URI (with any query). */
    public boolean isCallback(URI uri) {
        String s = uri.toString();
        return s.equals(redirectUri) || s.startsWith(redirectUri + "?") || s.startsWith(redirectUri + "#");
    }

    /**
     * The authorization code from the callback URI, after checking that the {@code state} came back unchanged
     * and that Keycloak reported no error.
     */
    public String codeFrom(AuthorizationRequest request, URI callback) {
        if (!isCallback(callback)) {
            throw new AssertionError("not a redirect to " + redirectUri + ": " + callback);
        }
        Map<String, String> query = parseQuery(callback.getRawQuery());
        if (query.containsKey("error")) {
            throw new AssertionError("the authorization failed: " + query);
        }
        if (!request.state().equals(query.get("state"))) {
            throw new AssertionError("state did not round-trip: sent " + request.state() + ", got " + query.get("state"));
        }
        String code = query.get("code");
        if (code == null || code.isEmpty()) {
            throw new AssertionError("no code in " + callback);
        }
        return code;
    }

    /** Redeems the code at the token endpoint and checks that the ID token carries this request's nonce. */
    public Tokens exchange(AuthorizationRequest request, String code) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "authorization_code");
        params.put("code", code);
        params.put("redirect_uri", redirectUri);
        params.put("client_id", clientId);
        params.put("code_verifier", request.codeVerifier());
        if (clientSecret != null) {
            params.put("client_secret", clientSecret);
        }
        HttpRequest tokenRequest = HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)))
                .build();
        JsonNode body;
        int status;
        try {
            HttpResponse<String> response = http.send(tokenRequest, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            body = MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("token request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (status != 200) {
            throw new AssertionError("token endpoint answered HTTP " + status + ": " + body.path("error") + " "
                    + body.path("error_description"));
        }
        String idToken = body.path("id_token").asText(null);
        if (idToken == null) {
            throw new AssertionError("no id_token in the token response (scope openid?)");
        }
        JsonNode claims = decodeJwtPayload(idToken);
        if (!request.nonce().equals(claims.path("nonce").asText())) {
            throw new AssertionError("nonce did not round-trip: sent " + request.nonce() + ", ID token has "
                    + claims.path("nonce"));
        }
        return new Tokens(body.path("access_token").asText(null), idToken, body.path("refresh_token").asText(null),
                claims, body);
    }

    /** The callback's code, redeemed: {@link #codeFrom} and {@link #exchange} in one. */
    public Tokens finish(AuthorizationRequest request, URI callback) {
        return exchange(request, codeFrom(request, callback));
    }

    /** The JSON payload of a JWT. The signature is not checked: the token came straight from the token endpoint. */
    public static JsonNode decodeJwtPayload(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a JWT");
        }
        try {
            return MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> result = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return result;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            result.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return result;
    }

    private static String codeChallenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
