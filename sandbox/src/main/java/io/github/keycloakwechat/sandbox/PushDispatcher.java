package io.github.keycloakwechat.sandbox;

import io.github.keycloakwechat.crypto.EncryptedReply;
import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatCryptoException;
import io.github.keycloakwechat.crypto.WeChatSignature;
import io.github.keycloakwechat.message.MalformedPushException;
import io.github.keycloakwechat.message.PushXmlParser;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Delivers events to an app's callback URL the way WeChat's servers do: signed (and in compatible/safe mode
 * encrypted) XML, a 5 s timeout, 3 attempts in total; then reads the passive reply as the WeChat client would.
 */
final class PushDispatcher {

    private static final System.Logger LOG = System.getLogger(PushDispatcher.class.getName());

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final int ATTEMPTS = 3;
    private static final int MAX_REPLY_BYTES = 64 * 1024;

    /** Outcome of a URL verification (the GET with echostr). */
    record VerifyResult(boolean ok, Integer httpStatus, String echostr, String body, String error) {
    }

    private record Answer(int status, byte[] body) {
    }

    private final SandboxState state;
    private final Ids ids;
    private final Duration timeout;
    private final PushXmlParser parser = new PushXmlParser();
    private final HttpClient http;

    PushDispatcher(SandboxState state, Ids ids, Duration timeout) {
        this.state = state;
        this.ids = ids;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Pushes one event and waits for the outcome.
     *
     * @param eventKey null for none (a plain follow or an unfollow carry an empty EventKey)
     * @param ticket   null for none (only QR scans carry a Ticket)
     */
    PushResult push(SandboxApp app, String openid, String event, String eventKey, String ticket) {
        long createTime = state.now().getEpochSecond();
        String plainXml = eventXml(app.originalId(), openid, createTime, event, eventKey, ticket);
        if (app.callbackUrl() == null) {
            return new PushResult(event, openid, 0, false, null, null,
                    "no callback URL configured for " + app.appId() + " (PUT /sandbox/api/apps/" + app.appId() + ")");
        }
        String timestamp = Long.toString(createTime);
        String nonce = ids.nonce();
        Map<String, String> query = signedQuery(app, timestamp, nonce);
        query.put("openid", openid);
        String body;
        MessageCrypto crypto = null;
        try {
            if (app.encrypts()) {
                crypto = new MessageCrypto(app.token(), app.encodingAesKey(), app.appId());
                EncryptedReply encrypted = crypto.encrypt(plainXml, timestamp, nonce);
                query.put("encrypt_type", "aes");
                query.put("msg_signature", encrypted.msgSignature());
                String encryptElement = "<Encrypt>" + cdata(encrypted.encrypt()) + "</Encrypt>";
                body = "safe".equals(app.messageMode())
                        ? "<xml><ToUserName>" + cdata(app.originalId()) + "</ToUserName>" + encryptElement + "</xml>"
                        : plainXml.substring(0, plainXml.lastIndexOf("</xml>")) + encryptElement + "</xml>";
            } else {
                body = plainXml;
            }
        } catch (WeChatCryptoException e) {
            return new PushResult(event, openid, 0, false, null, null, "cannot encrypt: " + e.getMessage());
        }
        URI uri = URI.create(withQuery(app.callbackUrl(), query));

        int attempts = 0;
        Answer answer = null;
        String failure = null;
        while (attempts < ATTEMPTS) {
            attempts++;
            try {
                answer = post(uri, body);
                if (answer.status() >= 200 && answer.status() < 300) {
                    failure = null;
                    break;
                }
                failure = "HTTP " + answer.status();
            } catch (TimeoutException e) {
                answer = null;
                failure = "no answer within " + timeout.toMillis() + " ms";
            } catch (IOException e) {
                answer = null;
                failure = "connection failed: " + e.getMessage();
            }
        }
        Integer status = answer == null ? null : answer.status();
        PushResult result;
        if (failure != null) {
            result = new PushResult(event, openid, attempts, false, status, PushResult.SERVICE_UNAVAILABLE,
                    "not delivered after " + attempts + " attempts: " + failure);
        } else {
            result = readReply(app, crypto, openid, event, attempts, answer);
        }
        LOG.log(Level.INFO, "push " + event + " to " + app.appId() + " (" + app.messageMode() + ") at " + withoutQuery(app.callbackUrl())
                + ": attempts=" + attempts + " delivered=" + result.delivered() + " status=" + status
                + (result.error() == null ? "" : " error=" + result.error()));
        return result;
    }

    /** What WeChat puts on every request to the account's server: the plain signature over token, timestamp, nonce. */
    private static Map<String, String> signedQuery(SandboxApp app, String timestamp, String nonce) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("signature", WeChatSignature.sign(app.token(), timestamp, nonce));
        query.put("timestamp", timestamp);
        query.put("nonce", nonce);
        return query;
    }

    /** Sends WeChat's URL verification GET (plain signature in every mode) and checks that echostr comes back. */
    VerifyResult verifyCallback(SandboxApp app) {
        if (app.callbackUrl() == null) {
            return new VerifyResult(false, null, null, null, "no callback URL configured for " + app.appId());
        }
        String timestamp = Long.toString(state.now().getEpochSecond());
        String nonce = ids.nonce();
        String echostr = ids.echostr();
        Map<String, String> query = signedQuery(app, timestamp, nonce);
        query.put("echostr", echostr);
        URI uri = URI.create(withQuery(app.callbackUrl(), query));
        try {
            Answer answer = send(HttpRequest.newBuilder(uri).GET().timeout(timeout)
                    .header("User-Agent", "Mozilla/4.0").build());
            String body = new String(answer.body(), StandardCharsets.UTF_8);
            boolean ok = answer.status() == 200 && body.equals(echostr);
            String error = ok ? null
                    : answer.status() != 200 ? "HTTP " + answer.status()
                    : body.strip().equals(echostr) ? "echostr came back with extra whitespace"
                    : "the answer was not the echostr";
            return new VerifyResult(ok, answer.status(), echostr, abbreviate(body), error);
        } catch (TimeoutException e) {
            return new VerifyResult(false, null, echostr, null, "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new VerifyResult(false, null, echostr, null, "connection failed: " + e.getMessage());
        }
    }

    /** The event XML exactly as WeChat's documentation shows it. */
    static String eventXml(String toUser, String fromUser, long createTime, String event, String eventKey, String ticket) {
        StringBuilder xml = new StringBuilder("<xml>")
                .append("<ToUserName>").append(cdata(toUser)).append("</ToUserName>\n")
                .append("<FromUserName>").append(cdata(fromUser)).append("</FromUserName>\n")
                .append("<CreateTime>").append(createTime).append("</CreateTime>\n")
                .append("<MsgType>").append(cdata("event")).append("</MsgType>\n")
                .append("<Event>").append(cdata(event)).append("</Event>\n")
                .append("<EventKey>").append(cdata(eventKey == null ? "" : eventKey)).append("</EventKey>\n");
        if (ticket != null) {
            xml.append("<Ticket>").append(cdata(ticket)).append("</Ticket>");
        }
        return xml.append("</xml>").toString();
    }

    private PushResult readReply(SandboxApp app, MessageCrypto crypto, String openid, String event, int attempts, Answer answer) {
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        if (text.isEmpty() || "success".equals(text.strip())) {
            return new PushResult(event, openid, attempts, true, answer.status(), null, null);
        }
        try {
            Map<String, String> reply = parser.parse(answer.body());
            if (reply.containsKey("Encrypt")) {
                if (crypto == null) {
                    return unreadable(event, openid, attempts, answer, "an encrypted reply, but the app is in plain mode");
                }
                String inner = crypto.decrypt(reply.get("MsgSignature"), reply.get("TimeStamp"), reply.get("Nonce"),
                        reply.get("Encrypt"));
                reply = parser.parse(inner.getBytes(StandardCharsets.UTF_8));
            } else if ("safe".equals(app.messageMode())) {
                return unreadable(event, openid, attempts, answer, "a plaintext reply, but safe mode needs an encrypted one");
            }
            String problem = replyProblem(reply, app, openid);
            if (problem != null) {
                return unreadable(event, openid, attempts, answer, problem);
            }
            String msgType = reply.get("MsgType");
            String shown = "text".equals(msgType) ? reply.get("Content") : "[" + msgType + "]";
            return new PushResult(event, openid, attempts, true, answer.status(), shown, null);
        } catch (MalformedPushException e) {
            return unreadable(event, openid, attempts, answer, "the reply is neither \"success\" nor reply XML (" + e.getMessage() + ")");
        } catch (WeChatCryptoException e) {
            return unreadable(event, openid, attempts, answer, "the encrypted reply failed verification/decryption: "
                    + e.getMessage() + " (" + e.code() + ")");
        }
    }

    private static String replyProblem(Map<String, String> reply, SandboxApp app, String openid) {
        String msgType = reply.get("MsgType");
        if (msgType == null || msgType.isEmpty()) {
            return "the reply has no MsgType";
        }
        if (!openid.equals(reply.get("ToUserName"))) {
            return "the reply's ToUserName is not the user's openid";
        }
        if (!app.originalId().equals(reply.get("FromUserName"))) {
            return "the reply's FromUserName is not the account's original id";
        }
        if ("text".equals(msgType) && reply.get("Content") == null) {
            return "the text reply has no Content";
        }
        return null;
    }

    private static PushResult unreadable(String event, String openid, int attempts, Answer answer, String why) {
        return new PushResult(event, openid, attempts, true, answer.status(), PushResult.SERVICE_UNAVAILABLE, why);
    }

    private Answer post(URI uri, String body) throws IOException, TimeoutException {
        return send(HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "text/xml")
                .header("User-Agent", "Mozilla/4.0")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
    }

    /** One exchange with an overall deadline (headers and body), as WeChat's 5 s wait. */
    private Answer send(HttpRequest request) throws IOException, TimeoutException {
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            byte[] body = response.body();
            if (body.length > MAX_REPLY_BYTES) {
                // Larger than any passive reply can be: treat it as garbage, as WeChat would.
                return new Answer(response.statusCode(), "<oversized reply>".getBytes(StandardCharsets.UTF_8));
            }
            return new Answer(response.statusCode(), body);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw e;
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.net.http.HttpTimeoutException) {
                throw new TimeoutException(cause.getMessage());
            }
            if (cause instanceof ConnectException) {
                throw new IOException("connection refused (is the callback server running?)", cause);
            }
            throw new IOException(cause == null || cause.getMessage() == null
                    ? (cause == null ? "failed" : cause.getClass().getSimpleName()) : cause.getMessage(), cause);
        }
    }

    static String withQuery(String url, Map<String, String> params) {
        StringJoiner joiner = new StringJoiner("&");
        params.forEach((k, v) -> joiner.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        int hash = url.indexOf('#');
        String base = hash >= 0 ? url.substring(0, hash) : url;
        return base + (base.contains("?") ? "&" : "?") + joiner;
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q >= 0 ? url.substring(0, q) : url;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    static String cdata(String value) {
        return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }
}
