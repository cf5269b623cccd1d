package io.github.keycloakwechat.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Thin JSON-over-HTTP transport for WeChat APIs.
 *
 * <p>Why it exists: WeChat answers errors with HTTP 200 and {@code {"errcode":N}}, so every call must look
 * inside the body; doing that in one place gives every caller typed exceptions. Calls run on Keycloak
 * request threads while a user waits, so each call is bounded by a hard deadline of at most 5 s
 * ({@link #MAX_TIMEOUT}), covering connect, headers and body alike.
 *
 * <p>URLs passed in carry {@code access_token}, {@code secret} or {@code code} in their query string, so
 * logs and exception messages name the method and path only, never the query, and never a body.
 *
 * <p>One instance per Keycloak node (held by a provider factory): the underlying {@link HttpClient} pools
 * connections and is thread-safe.
 */
public final class WeChatHttp {

    private static final Logger LOG = Logger.getLogger(WeChatHttp.class);

    /** Upper bound for the per-call deadline: a login page must not hang on WeChat. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client;
    private final Duration timeout;
    private final ObjectMapper mapper = new ObjectMapper();

    /** Production transport: 5 s connect and call deadline, JVM proxy settings honoured, no redirects. */
    public WeChatHttp() {
        this(HttpClient.newBuilder()
                .connectTimeout(MAX_TIMEOUT)
                .proxy(ProxySelector.getDefault())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(), MAX_TIMEOUT);
    }

    /** @param timeout per-call deadline; values above {@link #MAX_TIMEOUT} are capped to it */
    public WeChatHttp(HttpClient client, Duration timeout) {
        if (client == null) {
            throw new IllegalArgumentException("HttpClient is required");
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.client = client;
        this.timeout = timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : timeout;
    }

    public JsonNode getJson(String url) throws WeChatApiException {
        HttpRequest request = request(url).GET().header("Accept", "application/json").build();
        return parse(exchange(request).body(), describe(request));
    }

    /** POSTs {@code body} serialised by Jackson as UTF-8 JSON (WeChat rejects form-encoded bodies here). */
    public JsonNode postJson(String url, Object body) throws WeChatApiException {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // Do not chain or quote: the body may hold the AppSecret.
            throw new IllegalArgumentException("Request body is not serialisable to JSON: "
                    + (body == null ? "null" : body.getClass().getName()));
        }
        HttpRequest request = request(url)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("Accept", "application/json")
                .build();
        return parse(exchange(request).body(), describe(request));
    }

    /**
     * GETs binary content such as a {@code showqrcode} JPEG. A JSON answer is still checked for an errcode,
     * because WeChat reports failures of binary endpoints that way.
     */
    public byte[] getBytes(String url) throws WeChatApiException {
        HttpRequest request = request(url).GET().build();
        HttpResponse<byte[]> response = exchange(request);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (contentType.contains("json")) {
            parse(response.body(), describe(request));
        }
        return response.body();
    }

    private HttpRequest.Builder request(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            // URI.create quotes the whole input, query (and secret) included.
            throw new IllegalArgumentException("Malformed WeChat API URL");
        }
        return HttpRequest.newBuilder(uri).timeout(timeout);
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) throws WeChatUnavailableException {
        String what = describe(request);
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            // The request timeout stops once headers arrive; this deadline also covers a trickling body.
            response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw unavailable(what + " timed out after " + timeout.toMillis() + " ms", 0);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable(what + " interrupted", 0);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw unavailable(what + " timed out after " + timeout.toMillis() + " ms", 0);
            }
            // Only the type: exception messages from the HTTP stack are not guaranteed to omit the URL.
            throw unavailable(what + " failed: " + (cause == null ? "unknown" : cause.getClass().getSimpleName()), 0);
        }
        if (response.statusCode() != 200) {
            throw unavailable(what + " answered HTTP " + response.statusCode(), response.statusCode());
        }
        return response;
    }

    private JsonNode parse(byte[] body, String what) throws WeChatApiException {
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (IOException e) {
            throw unavailable(what + " answered malformed JSON", 200);
        }
        if (node == null || !node.isObject()) {
            throw unavailable(what + " answered something other than a JSON object", 200);
        }
        JsonNode errcodeNode = node.get("errcode");
        int errcode = errcodeNode == null || errcodeNode.isNull() ? 0 : errcodeNode.asInt(Integer.MIN_VALUE);
        if (errcode == Integer.MIN_VALUE) {
            throw unavailable(what + " answered a non-numeric errcode", 200);
        }
        if (errcode != 0) {
            WeChatApiException error = WeChatApiException.of(errcode, node.path("errmsg").asText(""));
            if (error instanceof WeChatConfigurationException || error instanceof WeChatUnavailableException) {
                LOG.warnf("WeChat %s -> errcode %d (%s)", what, errcode, error.errmsg());
            } else {
                LOG.debugf("WeChat %s -> errcode %d (%s)", what, errcode, error.errmsg());
            }
            throw error;
        }
        LOG.debugf("WeChat %s -> ok", what);
        return node;
    }

    private static WeChatUnavailableException unavailable(String description, int httpStatus) {
        LOG.warnf("WeChat %s", description);
        return new WeChatUnavailableException(description, httpStatus);
    }

    /** Method and path only: the query string carries credentials. */
    private static String describe(HttpRequest request) {
        return request.method() + " " + request.uri().getRawPath();
    }
}
