package io.github.keycloakwechat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class TokenApiTest extends SandboxTestSupport {

    private static final String STABLE_BODY = "{\"grant_type\":\"client_credential\",\"appid\":\"" + APP_ID
            + "\",\"secret\":\"" + SECRET + "\"";

    private JsonNode stable(boolean force) throws Exception {
        return postJson("/cgi-bin/stable_token", STABLE_BODY + ",\"force_refresh\":" + force + "}");
    }

    @Test
    void stableTokenIsReusedWhileValidAndEveryCallIsCounted() throws Exception {
        JsonNode first = stable(false);
        JsonNode second = stable(false);
        assertEquals(first.get("access_token").asText(), second.get("access_token").asText());
        assertEquals(7200, first.get("expires_in").asInt(), 1);
        assertEquals(2, sandbox.state().calls("stable_token"));

        sandbox.state().advanceClock(Duration.ofSeconds(1000));
        JsonNode later = stable(false);
        assertEquals(first.get("access_token").asText(), later.get("access_token").asText());
        assertTrue(later.get("expires_in").asInt() <= 6200, "expires_in counts down: " + later);
        assertEquals(3, sandbox.state().calls("stable_token"));

        sandbox.state().resetCounters();
        assertEquals(0, sandbox.state().calls("stable_token"));
    }

    @Test
    void stableTokenIsRenewedInItsLastFiveMinutesWhileTheOldOneStillWorks() throws Exception {
        String old = stable(false).get("access_token").asText();
        sandbox.state().advanceClock(Duration.ofSeconds(7200 - 200));
        String renewed = stable(false).get("access_token").asText();
        assertNotEquals(old, renewed);
        assertFalse(getJson("/cgi-bin/user/info?access_token=" + enc(old) + "&openid="
                + sandbox.state().openidOf("alice", APP_ID)).has("errcode"), "old token still valid until it expires");
        sandbox.state().advanceClock(Duration.ofSeconds(201));
        assertEquals(42001, getJson("/cgi-bin/user/info?access_token=" + enc(old) + "&openid=x").get("errcode").asInt());
    }

    @Test
    void forceRefreshRotatesAndIsLimitedTo30SecondsApart() throws Exception {
        String old = stable(false).get("access_token").asText();
        String forced = stable(true).get("access_token").asText();
        assertNotEquals(old, forced);
        assertEquals(40001, getJson("/cgi-bin/user/info?access_token=" + enc(old) + "&openid=x").get("errcode").asInt(),
                "force_refresh invalidates the previous stable token");

        assertEquals(45011, stable(true).get("errcode").asInt());
        sandbox.state().advanceClock(Duration.ofSeconds(31));
        assertNotEquals(forced, stable(true).get("access_token").asText());
    }

    @Test
    void forceRefreshIsLimitedTo20PerDay() throws Exception {
        // Start just after midnight Beijing time so the 20 spaced refreshes stay within one quota day.
        ZonedDateTime now = sandbox.state().now().atZone(ZoneId.of("Asia/Shanghai"));
        ZonedDateTime nextMidnight = now.toLocalDate().plusDays(1).atStartOfDay(now.getZone()).plusSeconds(60);
        sandbox.state().advanceClock(Duration.between(now, nextMidnight));
        for (int i = 0; i < 20; i++) {
            assertTrue(stable(true).has("access_token"), "refresh " + (i + 1));
            sandbox.state().advanceClock(Duration.ofSeconds(31));
        }
        JsonNode refused = stable(true);
        assertEquals(45009, refused.get("errcode").asInt());
        assertTrue(stable(false).has("access_token"), "normal mode is not affected");
    }

    @Test
    void stableTokenErrors() throws Exception {
        JsonNode wrongSecret = postJson("/cgi-bin/stable_token",
                "{\"grant_type\":\"client_credential\",\"appid\":\"" + APP_ID + "\",\"secret\":\"nope\"}");
        assertEquals(40125, wrongSecret.get("errcode").asInt());
        assertTrue(wrongSecret.get("errmsg").asText().startsWith("invalid appsecret"), wrongSecret.toString());

        assertEquals(40013, postJson("/cgi-bin/stable_token",
                "{\"grant_type\":\"client_credential\",\"appid\":\"wxunknown\",\"secret\":\"x\"}").get("errcode").asInt());
        assertEquals(40002, postJson("/cgi-bin/stable_token",
                "{\"grant_type\":\"password\",\"appid\":\"" + APP_ID + "\",\"secret\":\"" + SECRET + "\"}").get("errcode").asInt());
        assertEquals(47001, postJson("/cgi-bin/stable_token", "grant_type=client_credential").get("errcode").asInt());
        assertEquals(43002, getJson("/cgi-bin/stable_token").get("errcode").asInt());
        assertEquals(4, sandbox.state().calls("stable_token"), "failed calls count too (the GET is not a call)");
    }

    @Test
    void classicTokenIsNewEachCallAndThePreviousOneWorksFiveMoreMinutes() throws Exception {
        String query = "/cgi-bin/token?grant_type=client_credential&appid=" + APP_ID + "&secret=" + SECRET;
        String first = getJson(query).get("access_token").asText();
        String second = getJson(query).get("access_token").asText();
        assertNotEquals(first, second);
        assertEquals(2, sandbox.state().calls("token"));
        String openid = sandbox.state().openidOf("alice", APP_ID);
        assertEquals(0, getJson("/cgi-bin/user/info?access_token=" + enc(first) + "&openid=" + openid).path("errcode").asInt());

        sandbox.state().advanceClock(Duration.ofSeconds(301));
        assertEquals(40001, getJson("/cgi-bin/user/info?access_token=" + enc(first) + "&openid=" + openid).get("errcode").asInt());
        assertEquals(0, getJson("/cgi-bin/user/info?access_token=" + enc(second) + "&openid=" + openid).path("errcode").asInt());
        assertEquals(40125, getJson("/cgi-bin/token?grant_type=client_credential&appid=" + APP_ID + "&secret=bad")
                .get("errcode").asInt());
    }

    @Test
    void accessTokenChecksOnApis() throws Exception {
        assertEquals(41001, getJson("/cgi-bin/user/info?openid=x").get("errcode").asInt());
        assertEquals(40001, getJson("/cgi-bin/user/info?access_token=bogus&openid=x").get("errcode").asInt());
        String token = stableToken();
        sandbox.state().advanceClock(Duration.ofSeconds(7200));
        JsonNode expired = getJson("/cgi-bin/user/info?access_token=" + enc(token) + "&openid=x");
        assertEquals(42001, expired.get("errcode").asInt());
        assertTrue(expired.get("errmsg").asText().contains("rid: "), "errmsg carries a request id like WeChat's");
    }
}
