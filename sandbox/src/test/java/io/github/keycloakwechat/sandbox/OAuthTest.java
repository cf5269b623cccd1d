package io.github.keycloakwechat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OAuthTest extends SandboxTestSupport {

    private static final String REDIRECT = "https://sso.example.com/realms/demo/broker/wechat-mp/endpoint";

    private String authorizeQuery(String scope, String state) {
        return "/connect/oauth2/authorize?appid=" + APP_ID + "&redirect_uri=" + enc(REDIRECT)
                + "&response_type=code&scope=" + scope + (state == null ? "" : "&state=" + state) + "&connect_redirect=1";
    }

    /** Confirms as a user; returns the redirect's query parameters. */
    private Map<String, String> confirm(String user, String scope, String state) throws Exception {
        String form = "appid=" + APP_ID + "&redirect_uri=" + enc(REDIRECT) + "&scope=" + scope
                + (state == null ? "" : "&state=" + enc(state)) + "&user=" + user + "&action=allow";
        HttpResponse<String> response = send("POST", "/connect/oauth2/authorize/confirm", "application/x-www-form-urlencoded", form);
        assertEquals(302, response.statusCode(), response.body());
        String location = response.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT + "?"), location);
        return Request.parsePairs(URI.create(location).getRawQuery()).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private JsonNode exchange(String code) throws Exception {
        HttpResponse<String> response = get("/sns/oauth2/access_token?appid=" + APP_ID + "&secret=" + SECRET
                + "&code=" + code + "&grant_type=authorization_code");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain", response.headers().firstValue("Content-Type").orElse(""), "WeChat labels sns JSON text/plain");
        return mapper.readTree(response.body());
    }

    @Test
    void authorizeShowsAConfirmPageWithAUserPicker() throws Exception {
        HttpResponse<String> page = get(authorizeQuery("snsapi_userinfo", "abc123"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"sandbox-user\""), page.body());
        assertTrue(page.body().contains("id=\"sandbox-allow\""));
        assertTrue(page.body().contains("name=\"state\" value=\"abc123\""));
        assertTrue(page.body().contains("张三"));

        HttpResponse<String> base = get(authorizeQuery("snsapi_base", "abc123"));
        assertTrue(base.body().contains("sandbox-silent-note"), "explains that real WeChat is silent for snsapi_base");
    }

    @Test
    void wrongParameterOrderOrScopeCannotBeAccessed() throws Exception {
        String reordered = "/connect/oauth2/authorize?redirect_uri=" + enc(REDIRECT) + "&appid=" + APP_ID
                + "&response_type=code&scope=snsapi_base&state=s";
        HttpResponse<String> page = get(reordered);
        assertEquals(200, page.statusCode(), "WeChat answers with a 200 error page");
        assertTrue(page.body().contains("该链接无法访问"));
        assertFalse(page.body().contains("sandbox-allow"));

        String stateFirst = "/connect/oauth2/authorize?appid=" + APP_ID + "&redirect_uri=" + enc(REDIRECT)
                + "&response_type=code&state=s&scope=snsapi_base";
        assertTrue(get(stateFirst).body().contains("该链接无法访问"));
        assertTrue(get(authorizeQuery("snsapi_login", "s")).body().contains("该链接无法访问"));
        assertTrue(get(authorizeQuery("snsapi_base", "x".repeat(129))).body().contains("该链接无法访问"), "state over 128 bytes");
    }

    @Test
    void codeExchangeGivesOpenidAndUnionidAndTheCodeIsSingleUse() throws Exception {
        Map<String, String> params = confirm("alice", "snsapi_userinfo", "st-1");
        assertEquals("st-1", params.get("state"));
        String code = params.get("code");

        JsonNode token = exchange(code);
        assertEquals(sandbox.state().openidOf("alice", APP_ID), token.get("openid").asText());
        assertEquals(sandbox.state().unionidOf("alice"), token.get("unionid").asText());
        assertEquals("snsapi_userinfo", token.get("scope").asText());
        assertEquals(7200, token.get("expires_in").asInt());
        assertEquals(1, sandbox.state().calls("sns/oauth2/access_token"));

        JsonNode again = exchange(code);
        assertEquals(40163, again.get("errcode").asInt());
        assertTrue(again.get("errmsg").asText().startsWith("code been used"));

        JsonNode info = getJson("/sns/userinfo?access_token=" + enc(token.get("access_token").asText())
                + "&openid=" + token.get("openid").asText() + "&lang=zh_CN");
        assertEquals("张三", info.get("nickname").asText());
        assertTrue(info.get("headimgurl").asText().endsWith("/132"));
        assertEquals(sandbox.state().unionidOf("alice"), info.get("unionid").asText());

        assertEquals(0, getJson("/sns/auth?access_token=" + enc(token.get("access_token").asText())
                + "&openid=" + token.get("openid").asText()).get("errcode").asInt());
        assertEquals(40003, getJson("/sns/auth?access_token=" + enc(token.get("access_token").asText())
                + "&openid=" + sandbox.state().openidOf("bob", APP_ID)).get("errcode").asInt());
    }

    @Test
    void baseScopeHasNoUnionidUnlessFollowingAndNoUserinfo() throws Exception {
        JsonNode token = exchange(confirm("bob", "snsapi_base", null).get("code"));
        assertFalse(token.has("unionid"), token.toString());
        JsonNode info = getJson("/sns/userinfo?access_token=" + enc(token.get("access_token").asText())
                + "&openid=" + token.get("openid").asText());
        assertEquals(48001, info.get("errcode").asInt());

        sandbox.state().setFollows("bob", APP_ID, true);
        assertTrue(exchange(confirm("bob", "snsapi_base", null).get("code")).has("unionid"));
    }

    @Test
    void stateIsOmittedWhenAbsentAndDenyHasNoCode() throws Exception {
        Map<String, String> params = confirm("carol", "snsapi_base", null);
        assertFalse(params.containsKey("state"));
        assertTrue(params.containsKey("code"));

        HttpResponse<String> denied = send("POST", "/connect/oauth2/authorize/confirm", "application/x-www-form-urlencoded",
                "appid=" + APP_ID + "&redirect_uri=" + enc(REDIRECT) + "&scope=snsapi_base&state=s9&user=carol&action=deny");
        assertEquals(302, denied.statusCode());
        assertEquals(REDIRECT + "?state=s9", denied.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void codeErrors() throws Exception {
        String code = confirm("alice", "snsapi_base", "s").get("code");
        sandbox.state().advanceClock(Duration.ofSeconds(301));
        assertEquals(42003, exchange(code).get("errcode").asInt());
        assertEquals(40029, exchange("nosuchcode").get("errcode").asInt());
        assertEquals(41008, getJson("/sns/oauth2/access_token?appid=" + APP_ID + "&secret=" + SECRET
                + "&grant_type=authorization_code").get("errcode").asInt());
        assertEquals(40125, getJson("/sns/oauth2/access_token?appid=" + APP_ID + "&secret=bad&code=x"
                + "&grant_type=authorization_code").get("errcode").asInt());
        assertEquals(40013, getJson("/sns/oauth2/access_token?appid=wxnope&secret=bad&code=x"
                + "&grant_type=authorization_code").get("errcode").asInt());
    }

    @Test
    void refreshKeepsAValidTokenAndRenewsAnExpiredOne() throws Exception {
        JsonNode token = exchange(confirm("alice", "snsapi_userinfo", "s").get("code"));
        String refreshPath = "/sns/oauth2/refresh_token?appid=" + APP_ID + "&grant_type=refresh_token&refresh_token="
                + enc(token.get("refresh_token").asText());
        JsonNode same = getJson(refreshPath);
        assertEquals(token.get("access_token").asText(), same.get("access_token").asText());

        sandbox.state().advanceClock(Duration.ofSeconds(7201));
        JsonNode renewed = getJson(refreshPath);
        assertFalse(token.get("access_token").asText().equals(renewed.get("access_token").asText()));
        assertEquals(token.get("refresh_token").asText(), renewed.get("refresh_token").asText());
        assertEquals(40030, getJson("/sns/oauth2/refresh_token?appid=" + APP_ID
                + "&grant_type=refresh_token&refresh_token=bogus").get("errcode").asInt());
        sandbox.state().advanceClock(Duration.ofDays(31));
        assertEquals(42002, getJson(refreshPath).get("errcode").asInt());
    }
}
