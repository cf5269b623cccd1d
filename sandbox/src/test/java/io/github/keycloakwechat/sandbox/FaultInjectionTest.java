package io.github.keycloakwechat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class FaultInjectionTest extends SandboxTestSupport {

    private static final String STABLE_BODY = "{\"grant_type\":\"client_credential\",\"appid\":\"" + APP_ID
            + "\",\"secret\":\"" + SECRET + "\"}";

    @Test
    void injectedErrcodeIsReturnedOnceThenNormalService() throws Exception {
        postJson("/sandbox/api/faults", "{\"api\":\"stable_token\",\"errcode\":45009}");
        JsonNode failed = postJson("/cgi-bin/stable_token", STABLE_BODY);
        assertEquals(45009, failed.get("errcode").asInt());
        assertTrue(failed.get("errmsg").asText().startsWith("reach max api daily quota limit"));
        assertTrue(postJson("/cgi-bin/stable_token", STABLE_BODY).has("access_token"));
        assertEquals(2, sandbox.state().calls("stable_token"), "the failed call counts too");
        assertEquals(0, getJson("/sandbox/api/faults").get("faults").size());
    }

    @Test
    void httpStatusTimesAndWildcard() throws Exception {
        String token = stableToken();
        postJson("/sandbox/api/faults", "{\"api\":\"*\",\"httpStatus\":500,\"times\":2}");
        String path = "/cgi-bin/user/info?access_token=" + enc(token) + "&openid=" + sandbox.state().openidOf("alice", APP_ID);
        assertEquals(500, get(path).statusCode());
        assertEquals(500, get(path).statusCode());
        assertEquals(200, get(path).statusCode());
        assertFalse(getJson(path).has("errcode"));

        // "*" leaves the QR images alone, so an open phone page cannot use up a fault meant for the extension.
        postJson("/sandbox/api/faults", "{\"api\":\"*\",\"httpStatus\":500}");
        String ticket = createQrAllowingFault(token);
        assertEquals(200, getBytes("/cgi-bin/showqrcode?ticket=" + enc(ticket)).statusCode());
        assertEquals(500, get(path).statusCode());
    }

    /** Creates a QR code directly in the state (the API call would consume the fault). */
    private String createQrAllowingFault(String token) {
        java.time.Instant now = sandbox.state().now();
        SandboxQrCode qr = new SandboxQrCode("t+/=", sandbox.baseUrl() + "/q/abc", "abc", "s", true, APP_ID, now,
                now.plusSeconds(60), false);
        sandbox.state().addQrCode(qr);
        return qr.ticket();
    }

    @Test
    void customMessageDelayAndClear() throws Exception {
        postJson("/sandbox/api/faults", "{\"api\":\"qrcode/create\",\"errcode\":-1,\"errmsg\":\"system busy\",\"delayMs\":300,\"times\":-1}");
        String path = "/cgi-bin/qrcode/create?access_token=" + enc(stableToken());
        String body = "{\"expire_seconds\":60,\"action_name\":\"QR_STR_SCENE\",\"action_info\":{\"scene\":{\"scene_str\":\"a\"}}}";
        long start = System.nanoTime();
        JsonNode busy = postJson(path, body);
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 300);
        assertEquals(-1, busy.get("errcode").asInt());
        assertTrue(busy.get("errmsg").asText().startsWith("system busy"));
        assertEquals(-1, postJson(path, body).get("errcode").asInt(), "until cleared");

        send("DELETE", "/sandbox/api/faults", null, null);
        assertTrue(postJson(path, body).has("ticket"));
    }

    @Test
    void aMalformedOrOversizedAnswer() throws Exception {
        postJson("/sandbox/api/faults", "{\"api\":\"stable_token\",\"body\":\"{\\\"access_token\\\":\"}");
        HttpResponse<String> malformed = send("POST", "/cgi-bin/stable_token", "application/json", STABLE_BODY);
        assertEquals(200, malformed.statusCode());
        assertEquals("{\"access_token\":", malformed.body());

        postJson("/sandbox/api/faults", "{\"api\":\"stable_token\",\"oversizeBytes\":200000}");
        HttpResponse<String> huge = send("POST", "/cgi-bin/stable_token", "application/json", STABLE_BODY);
        assertEquals(200_000, huge.body().length());
        assertTrue(huge.body().startsWith("{\"errcode\":0") && huge.body().endsWith("\"}"));
        assertTrue(postJson("/cgi-bin/stable_token", STABLE_BODY).has("access_token"), "once each, then normal service");
        assertEquals(400, send("POST", "/sandbox/api/faults", "application/json",
                "{\"api\":\"stable_token\",\"oversizeBytes\":0}").statusCode());
    }

    @Test
    void invalidFaultsAreRejected() throws Exception {
        HttpResponse<String> noApi = send("POST", "/sandbox/api/faults", "application/json", "{\"errcode\":1}");
        assertEquals(400, noApi.statusCode());
        assertEquals(400, send("POST", "/sandbox/api/faults", "application/json", "{\"api\":\"token\"}").statusCode());
        assertEquals(400, send("POST", "/sandbox/api/faults", "application/json", "{\"api\":\"token\",\"errcode\":1,\"bogus\":1}")
                .statusCode());
        assertEquals(400, send("POST", "/sandbox/api/faults", "application/json", "{\"api\":\"stable-token\",\"errcode\":1}")
                .statusCode(), "a misspelt API name would never fire");
    }

    @Test
    void statsEndpointReportsAndResetsCounters() throws Exception {
        stableToken();
        stableToken();
        assertEquals(2, getJson("/sandbox/api/stats").get("calls").get("stable_token").asInt());
        postJson("/sandbox/api/stats/reset", "{}");
        assertEquals(0, getJson("/sandbox/api/stats").get("calls").path("stable_token").asInt());
    }
}
