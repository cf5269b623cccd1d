package io.github.keycloakwechat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlApiTest extends SandboxTestSupport {

    @Test
    void stateMasksSecretsAndListsPendingQrCodes() throws Exception {
        JsonNode qr = createQr(stableToken(), "state-test", 300);
        HttpResponse<String> raw = get("/sandbox/api/state");
        assertFalse(raw.body().contains(SECRET), "AppSecret is masked");
        assertFalse(raw.body().contains(AES_KEY), "EncodingAESKey is masked");
        JsonNode state = mapper.readTree(raw.body());
        assertEquals(APP_ID, state.get("apps").get(0).get("appId").asText());
        assertEquals(3, state.get("users").size());
        assertEquals(sandbox.state().openidOf("alice", APP_ID),
                state.get("users").get(0).get("apps").get(APP_ID).get("openid").asText());
        assertEquals(qr.get("ticket").asText(), state.get("qrCodes").get(0).get("ticket").asText());
        assertEquals(1, state.get("calls").get("qrcode/create").asInt());
    }

    @Test
    void putAppMergesAndValidates() throws Exception {
        JsonNode app = putJson("/sandbox/api/apps/" + APP_ID, "{\"callbackUrl\":\"http://127.0.0.1:9/push\"}");
        assertEquals("http://127.0.0.1:9/push", app.get("callbackUrl").asText());
        assertEquals("safe", app.get("messageMode").asText(), "unchanged fields are kept");

        assertEquals(400, send("PUT", "/sandbox/api/apps/" + APP_ID, "application/json", "{\"messageMode\":\"loud\"}").statusCode());
        assertEquals(400, send("PUT", "/sandbox/api/apps/wxnew", "application/json", "{\"appSecret\":\"s\"}").statusCode(),
                "a new app needs its token and original id");
        putJson("/sandbox/api/apps/wxnew", "{\"appSecret\":\"s\",\"originalId\":\"gh_new\",\"token\":\"t\",\"messageMode\":\"plain\"}");
        assertTrue(sandbox.state().app("wxnew").isPresent());

        putJson("/sandbox/api/users/dave", "{\"nickname\":\"赵六\"}");
        assertEquals("赵六", sandbox.state().user("dave").orElseThrow().nickname());
    }

    @Test
    void scanErrors() throws Exception {
        assertEquals(404, send("POST", "/sandbox/api/scan", "application/json",
                "{\"user\":\"alice\",\"ticket\":\"nope\"}").statusCode());
        assertEquals(404, send("POST", "/sandbox/api/scan", "application/json",
                "{\"user\":\"nobody\",\"qrUrl\":\"http://x/q/abc\"}").statusCode());
        HttpResponse<String> badJson = send("POST", "/sandbox/api/scan", "application/json", "{oops");
        assertEquals(400, badJson.statusCode());
        assertEquals(47001, mapper.readTree(badJson.body()).get("errcode").asInt());
        assertEquals(413, send("POST", "/sandbox/api/scan", "application/json", "x".repeat(70_000)).statusCode());
    }

    @Test
    void scanWithoutCallbackStillFollowsAndSaysWhy() throws Exception {
        JsonNode qr = createQr(stableToken(), "no-callback", 300);
        JsonNode result = postJson("/sandbox/api/scan", "{\"user\":\"alice\",\"qrUrl\":\"" + qr.get("url").asText() + "\"}");
        assertEquals("subscribe", result.get("event").asText());
        assertFalse(result.get("delivered").asBoolean());
        assertEquals(0, result.get("attempts").asInt());
        assertTrue(result.get("error").asText().contains("no callback URL"));
    }

    @Test
    void pagesRender() throws Exception {
        createQr(stableToken(), "phone", 300);
        HttpResponse<String> phone = get("/sandbox/phone");
        assertEquals(200, phone.statusCode());
        for (String id : new String[] {"id=\"phone-user\"", "class=\"phone-scan\"", "data-ticket=", "id=\"phone-qr-url\"",
                "id=\"phone-scan-url\"", "id=\"phone-chat\"", "扫一扫", "Scan"}) {
            assertTrue(phone.body().contains(id), id);
        }
        HttpResponse<String> index = get("/");
        assertTrue(index.body().contains(APP_ID) && index.body().contains(sandbox.baseUrl()));
        assertEquals("image/svg+xml", get("/sandbox/avatar/alice/132").headers().firstValue("Content-Type").orElse(""));
        assertEquals(404, get("/nothing-here").statusCode());
    }

    @Test
    void configLoadsFromJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sandbox.json");
        Files.writeString(file, """
                {"port": 9999,
                 "apps": [{"appId":"wxa","appSecret":"s","originalId":"gh_a","token":"t","messageMode":"plain",
                           "callbackUrl":null,"openPlatformBound":false,"name":"A"}],
                 "users": [{"id":"zoe","nickname":"Zoe"}]}
                """);
        SandboxConfig config = SandboxConfig.load(file);
        assertEquals("127.0.0.1", config.host());
        assertEquals(9999, config.port());
        assertEquals("wxa", config.apps().get(0).appId());
        assertEquals("Zoe", config.users().get(0).nickname());

        Files.writeString(file, "{\"apps\":[{\"appId\":\"wxa\",\"appSecret\":\"s\",\"originalId\":\"gh\",\"token\":\"t\","
                + "\"messageMode\":\"safe\"}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SandboxConfig.load(file));
        assertTrue(e.getMessage().contains("encodingAesKey"), e.getMessage());
    }
}
