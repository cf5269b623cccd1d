package io.github.keycloakwechat.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.keycloakwechat.api.StubWeChat.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MiniProgramApiTest {

    private StubWeChat stub;
    private MiniProgramApi api;

    @BeforeEach
    void start() throws Exception {
        stub = new StubWeChat();
        stub.on("/cgi-bin/stable_token", Response.json("{\"access_token\":\"T1\",\"expires_in\":7200}"));
        api = new MiniProgramApi(StubWeChat.http(Duration.ofSeconds(2)), new AccessTokenCache(new StableTokenSource()),
                stub.app("wx-mini", "mini-secret"));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void theCodeGivesOpenidAndUnionidAndTheSessionKeyIsNotKept() throws Exception {
        stub.on("/sns/jscode2session", Response.json(
                "{\"openid\":\"o-mini\",\"session_key\":\"SESSIONKEY+abc==\",\"unionid\":\"u-1\"}"));
        MiniProgramApi.MiniProgramLogin login = api.codeToSession("c+/=1");
        assertEquals(new MiniProgramApi.MiniProgramLogin("o-mini", "u-1"), login);
        assertFalse(login.toString().contains("SESSIONKEY"), "the session_key is not part of the result");
        assertEquals(Map.of("appid", "wx-mini", "secret", "mini-secret", "js_code", "c+/=1",
                "grant_type", "authorization_code"), stub.requests("/sns/jscode2session").get(0).query());
    }

    @Test
    void codeAndRiskErrorsAreTyped() {
        stub.on("/sns/jscode2session", Response.json("{\"errcode\":40163,\"errmsg\":\"code been used\"}"));
        assertThrows(InvalidOAuthCodeException.class, () -> api.codeToSession("c"));
        stub.on("/sns/jscode2session", Response.json("{\"errcode\":40226,\"errmsg\":\"high risk user\"}"));
        assertThrows(RiskyUserException.class, () -> api.codeToSession("c"));
        stub.on("/sns/jscode2session", Response.json("{\"errcode\":45011,\"errmsg\":\"api minute-quota reach limit\"}"));
        assertThrows(RateLimitedException.class, () -> api.codeToSession("c"));
    }

    @Test
    void thePhoneNumberComesWithTheAccountsToken() throws Exception {
        stub.on("/wxa/business/getuserphonenumber", Response.json("{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":"
                + "{\"phoneNumber\":\"+86 13800000001\",\"purePhoneNumber\":\"13800000001\",\"countryCode\":\"86\","
                + "\"watermark\":{\"timestamp\":1700000000,\"appid\":\"wx-mini\"}}}"));
        assertEquals(new MiniProgramApi.VerifiedPhone("13800000001", "86"), api.phoneNumber("p-1"));
        StubWeChat.Request request = stub.requests("/wxa/business/getuserphonenumber").get(0);
        assertEquals(Map.of("access_token", "T1"), request.query());
        assertEquals("{\"code\":\"p-1\"}", request.body());
    }
}
