package io.github.keycloakwechat.it.support;

import io.github.keycloakwechat.crypto.EncryptedReply;
import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatSignature;
import io.github.keycloakwechat.sandbox.SandboxApp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Pushes built by hand, signed (and encrypted) the way WeChat does for a sandbox app, then optionally spoiled:
 * what an attacker, a replay or a broken proxy would send to Keycloak's push endpoint.
 */
public final class ForgedPush {

    public record Sent(int status, String body) {
    }

    private final String pushUrl;
    private final SandboxApp app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ForgedPush(String pushUrl, SandboxApp app) {
        this.pushUrl = pushUrl;
        this.app = app;
    }

    public static String scanEvent(SandboxApp app, String openid, String event, String eventKey, String ticket,
                                   long createTime) {
        return "<xml><ToUserName><![CDATA[" + app.originalId() + "]]></ToUserName>"
                + "<FromUserName><![CDATA[" + openid + "]]></FromUserName>"
                + "<CreateTime>" + createTime + "</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[" + event + "]]></Event>"
                + "<EventKey><![CDATA[" + eventKey + "]]></EventKey>"
                + "<Ticket><![CDATA[" + ticket + "]]></Ticket></xml>";
    }

    /** Signed with the app's token; encrypted for {@code receiveId} when the app's mode encrypts. */
    public Sent send(String innerXml, String token, String receiveId, long timestamp, String nonce) {
        try {
            String ts = Long.toString(timestamp);
            String query = "signature=" + WeChatSignature.sign(token, ts, nonce) + "&timestamp=" + ts + "&nonce=" + nonce
                    + "&openid=o";
            String body = innerXml;
            if (!"plain".equals(app.messageMode())) {
                EncryptedReply sealed = new MessageCrypto(token, app.encodingAesKey(), receiveId).encrypt(innerXml, ts, nonce);
                body = "<xml><ToUserName><![CDATA[" + app.originalId() + "]]></ToUserName><Encrypt><![CDATA["
                        + sealed.encrypt() + "]]></Encrypt></xml>";
                query += "&encrypt_type=aes&msg_signature=" + sealed.msgSignature();
            }
            return post(query, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A correctly signed and sealed push, as WeChat would send it. */
    public Sent genuine(String innerXml, long timestamp, String nonce) {
        return send(innerXml, app.token(), app.appId(), timestamp, nonce);
    }

    public Sent genuine(String innerXml) {
        return genuine(innerXml, Instant.now().getEpochSecond(), nonce());
    }

    public Sent raw(String query, String body) {
        return post(query, body);
    }

    public static String nonce() {
        return Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits() % 10_000_000_000L));
    }

    public static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Sent post(String query, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(pushUrl + "?" + query))
                            .header("Content-Type", "text/xml")
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Sent(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
