package io.github.keycloakwechat.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An HTTP answer, built by a handler and written by the {@link Router}. */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    /** What api.weixin.qq.com's cgi-bin endpoints send. */
    static final String WECHAT_JSON = "application/json; encoding=utf-8";
    /** What the sns/* endpoints send: JSON labelled text/plain (a real WeChat quirk clients must tolerate). */
    static final String WECHAT_SNS_JSON = "text/plain";
    static final String JSON = "application/json; charset=utf-8";

    static Response of(int status, String contentType, byte[] body) {
        return new Response(status, contentType, body, Map.of());
    }

    static Response html(int status, String html) {
        return of(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    static Response text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    static Response redirect(String location) {
        return new Response(302, "text/plain; charset=utf-8", new byte[0], Map.of("Location", location));
    }
}
