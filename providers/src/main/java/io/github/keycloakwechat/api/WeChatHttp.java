package io.github.keycloakwechat.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.jboss.logging.Logger;

/**
 * JSON-over-HTTP transport for WeChat-family APIs, on Keycloak's own outbound HTTP client, so the operator's proxy
 * mappings ({@code --spi-connections-http-client--default--proxy-mappings}), truststore and pool apply to every
 * WeChat call. Many deployments reach WeChat through a fixed-egress proxy because WeChat only answers whitelisted IPs.
 *
 * <p>Why it exists: WeChat answers errors with HTTP 200 and {@code {"errcode":N}}, so every call must look inside the
 * body; doing that in one place, through the product's {@link ErrcodeTable}, gives every caller typed exceptions.
 * Calls run on Keycloak request threads while a person waits, so each is bounded by a deadline of at most 5 s
 * ({@link #MAX_TIMEOUT}) covering connect, headers and body, and answers are read only up to
 * {@link #MAX_ANSWER_BYTES}.
 *
 * <p>URLs passed in carry {@code access_token}, {@code secret} or {@code code} in their query string, so logs and
 * exception messages name the method and path only, never the query, and never a body.
 *
 * <p>Cheap: one per call site. The client belongs to Keycloak and is never closed here.
 */
public final class WeChatHttp {

    private static final Logger LOG = Logger.getLogger(WeChatHttp.class);

    /** Upper bound for the per-call deadline: a login page must not hang on WeChat. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(5);
    /** WeChat's JSON answers are a few hundred bytes; anything this large is not one. */
    public static final int MAX_ANSWER_BYTES = 64 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CloseableHttpClient client;
    private final CallDeadlines deadlines;
    private final ErrcodeTable errcodes;

    public WeChatHttp(CloseableHttpClient client, CallDeadlines deadlines, ErrcodeTable errcodes) {
        if (client == null || deadlines == null || errcodes == null) {
            throw new IllegalArgumentException("client, deadlines and errcodes are required");
        }
        this.client = client;
        this.deadlines = deadlines;
        this.errcodes = errcodes;
    }

    public JsonNode getJson(String url) throws WeChatApiException {
        HttpGet request = new HttpGet(uri(url));
        request.setHeader("Accept", "application/json");
        return parse(exchange(request), describe(request));
    }

    /** POSTs {@code body} serialised by Jackson as UTF-8 JSON (WeChat rejects form-encoded bodies here). */
    public JsonNode postJson(String url, Object body) throws WeChatApiException {
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // Do not chain or quote: the body may hold the AppSecret.
            throw new IllegalArgumentException("Request body is not serialisable to JSON: "
                    + (body == null ? "null" : body.getClass().getName()));
        }
        HttpPost request = new HttpPost(uri(url));
        request.setHeader("Accept", "application/json");
        request.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        return parse(exchange(request), describe(request));
    }

    private static URI uri(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            // URI.create quotes the whole input, query (and secret) included.
            throw new IllegalArgumentException("Malformed WeChat API URL");
        }
    }

    private byte[] exchange(HttpRequestBase request) throws WeChatUnavailableException {
        String what = describe(request);
        int millis = (int) deadlines.timeout().toMillis();
        // No proxy here: Keycloak's route planner picks it from the proxy mappings.
        request.setConfig(RequestConfig.custom().setConnectTimeout(millis).setSocketTimeout(millis)
                .setConnectionRequestTimeout(millis).setRedirectsEnabled(false).build());
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.arm(() -> {
            expired.set(true);
            request.abort();
        });
        try (CloseableHttpResponse response = client.execute(request)) {
            int status = response.getStatusLine().getStatusCode();
            if (status != 200) {
                throw unavailable(what + " answered HTTP " + status);
            }
            return readBounded(request, response.getEntity(), what);
        } catch (IOException e) {
            if (expired.get() || e instanceof SocketTimeoutException || e instanceof ConnectTimeoutException) {
                throw unavailable(what + " timed out after " + millis + " ms");
            }
            // Only the type: exception messages from the HTTP stack are not guaranteed to omit the URL.
            throw unavailable(what + " failed: " + e.getClass().getSimpleName());
        } finally {
            deadline.cancel(false);
        }
    }

    /** The answer's bytes; a larger answer is cut off at the socket rather than drained. */
    private static byte[] readBounded(HttpRequestBase request, HttpEntity entity, String what)
            throws IOException, WeChatUnavailableException {
        if (entity == null) {
            return new byte[0];
        }
        InputStream in = entity.getContent();
        byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
        if (bytes.length > MAX_ANSWER_BYTES) {
            // Closing the stream would read the rest of the body; aborting drops the connection instead.
            request.abort();
            throw unavailable(what + " answered more than " + MAX_ANSWER_BYTES + " bytes");
        }
        in.close();
        return bytes;
    }

    private JsonNode parse(byte[] body, String what) throws WeChatApiException {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw unavailable(what + " answered malformed JSON");
        }
        if (node == null || !node.isObject()) {
            throw unavailable(what + " answered something other than a JSON object");
        }
        JsonNode errcodeNode = node.get("errcode");
        int errcode = errcodeNode == null || errcodeNode.isNull() ? 0 : errcodeNode.asInt(Integer.MIN_VALUE);
        if (errcode == Integer.MIN_VALUE) {
            throw unavailable(what + " answered a non-numeric errcode");
        }
        if (errcode != 0) {
            WeChatApiException error = errcodes.toException(errcode, node.path("errmsg").asText(""));
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

    private static WeChatUnavailableException unavailable(String description) {
        LOG.warnf("WeChat %s", description);
        return new WeChatUnavailableException(description);
    }

    /** Method and path only: the query string carries credentials. */
    private static String describe(HttpRequestBase request) {
        return request.getMethod() + " " + request.getURI().getRawPath();
    }
}
