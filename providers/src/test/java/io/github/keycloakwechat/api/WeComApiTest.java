package io.github.keycloakwechat.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.keycloakwechat.api.StubWeChat.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeComApiTest {

    private StubWeChat stub;
    private WeComApi api;
    private final AtomicInteger issued = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        stub = new StubWeChat();
        stub.on("/cgi-bin/gettoken", request -> Response.json(
                "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"W" + issued.incrementAndGet() + "\",\"expires_in\":7200}"));
        WeChatHttp http = new WeChatHttp(HttpClients.createDefault(), new CallDeadlines(Duration.ofSeconds(2)),
                WeComErrcodes.TABLE);
        api = new WeComApi(http, new AccessTokenCache(new GetTokenSource()), stub.app("ww-corp", "corp-secret"));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void aMembersCodeGivesTheUseridWithTheAppsToken() throws Exception {
        stub.on("/cgi-bin/auth/getuserinfo", Response.json("{\"errcode\":0,\"errmsg\":\"ok\",\"userid\":\"zhangsan\","
                + "\"user_ticket\":\"TICKET\"}"));
        assertEquals(new WeComApi.WeComLogin("zhangsan", "TICKET"), api.userOfCode("c-1"));
        assertEquals(Map.of("corpid", "ww-corp", "corpsecret", "corp-secret"), stub.requests("/cgi-bin/gettoken").get(0).query());
        assertEquals(Map.of("access_token", "W1", "code", "c-1"), stub.requests("/cgi-bin/auth/getuserinfo").get(0).query());
    }

    @Test
    void someoneOutsideTheCorpHasNoUserid() throws Exception {
        stub.on("/cgi-bin/auth/getuserinfo", Response.json("{\"errcode\":0,\"errmsg\":\"ok\",\"openid\":\"o-1\","
                + "\"external_userid\":\"wm-1\"}"));
        assertNull(api.userOfCode("c-2").userid());
    }

    @Test
    void weComsOwnErrcodesAreTyped() {
        stub.on("/cgi-bin/auth/getuserinfo", request -> Response.json(issued.get() == 1
                ? "{\"errcode\":42001,\"errmsg\":\"access_token expired\"}" : "{\"errcode\":40029,\"errmsg\":\"invalid code\"}"));
        assertThrows(InvalidOAuthCodeException.class, () -> api.userOfCode("c-3"));
        assertEquals(2, stub.requests("/cgi-bin/gettoken").size(), "42001 refreshed the token once");

        stub.on("/cgi-bin/gettoken", Response.json("{\"errcode\":60020,\"errmsg\":\"not allow to access from your ip\"}"));
        WeComApi fresh = new WeComApi(new WeChatHttp(HttpClients.createDefault(), new CallDeadlines(Duration.ofSeconds(2)),
                WeComErrcodes.TABLE), new AccessTokenCache(new GetTokenSource()), stub.app("ww-other", "s"));
        WeChatApiException e = assertThrows(WeChatConfigurationException.class, () -> fresh.userOfCode("c-4"));
        assertEquals(60020, e.errcode());
    }

    @Test
    void theMembersDetailsComeFromTheirTicket() throws Exception {
        stub.on("/cgi-bin/auth/getuserdetail", Response.json("{\"errcode\":0,\"errmsg\":\"ok\",\"userid\":\"lisi\","
                + "\"mobile\":\"13800000012\",\"avatar\":\"http://x/0\"}"));
        assertEquals(new WeComApi.WeComMemberDetail("13800000012", null, null, "http://x/0"), api.detail("TICKET"));
        assertEquals("{\"user_ticket\":\"TICKET\"}", stub.requests("/cgi-bin/auth/getuserdetail").get(0).body());
    }
}
