package io.github.keycloakwechat.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.keycloakwechat.api.StubWeChat.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebOAuthApiTest {

    private StubWeChat stub;
    private WebOAuthApi oauth;

    @BeforeEach
    void start() throws Exception {
        stub = new StubWeChat();
        oauth = new WebOAuthApi(StubWeChat.http(Duration.ofSeconds(2)), stub.app("wx-mp", "mp-secret"));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void authorizeUrlKeepsWeChatsParameterOrderAndFragment() {
        String url = WebOAuthApi.authorizeUrl("https://open.weixin.qq.com", "/connect/qrconnect", "wx1",
                "https://sso.example.com/realms/r/broker/w/endpoint", "snsapi_login", "a.b+c/d=", "en").toString();
        assertEquals("https://open.weixin.qq.com/connect/qrconnect?appid=wx1"
                + "&redirect_uri=https%3A%2F%2Fsso.example.com%2Frealms%2Fr%2Fbroker%2Fw%2Fendpoint"
                + "&response_type=code&scope=snsapi_login&state=a.b%2Bc%2Fd%3D&lang=en#wechat_redirect", url);
    }

    @Test
    void oauthCodeExchange() throws Exception {
        stub.on("/sns/oauth2/access_token", Response.json("{\"access_token\":\"UAT\",\"expires_in\":7200,"
                + "\"refresh_token\":\"URT\",\"openid\":\"o-3\",\"scope\":\"snsapi_userinfo\",\"unionid\":\"u-3\"}"));
        OAuthAccessToken token = oauth.exchangeCode("c+/=1");
        assertEquals(new OAuthAccessToken("UAT", 7200, "URT", "o-3", "snsapi_userinfo", "u-3"), token);
        assertFalse(token.snapshotUser());

        StubWeChat.Request request = stub.requests("/sns/oauth2/access_token").get(0);
        assertEquals("GET", request.method());
        assertEquals(Map.of("appid", "wx-mp", "secret", "mp-secret", "code", "c+/=1",
                "grant_type", "authorization_code"), request.query());
        assertTrue(stub.requests("/cgi-bin/stable_token").isEmpty(), "OAuth exchange needs no global token");
    }

    @Test
    void snapshotUsersAreFlagged() throws Exception {
        stub.on("/sns/oauth2/access_token", Response.json("{\"access_token\":\"UAT\",\"expires_in\":7200,"
                + "\"openid\":\"o-virtual\",\"scope\":\"snsapi_base\",\"is_snapshotuser\":1}"));
        assertTrue(oauth.exchangeCode("c").snapshotUser());
    }

    @Test
    void usedOAuthCodeIsTypedAndKeepsErrmsgButNotTheSecret() {
        stub.on("/sns/oauth2/access_token", Response.json("{\"errcode\":40163,\"errmsg\":\"code been used, rid: 1\"}"));
        WeChatApiException e = assertThrows(InvalidOAuthCodeException.class, () -> oauth.exchangeCode("c-9"));
        assertEquals("code been used, rid: 1", e.errmsg());
        assertFalse(e.getMessage().contains("mp-secret"), e.getMessage());
        assertFalse(e.getMessage().contains("c-9"), e.getMessage());
    }

    @Test
    void snsUserInfo() throws Exception {
        stub.on("/sns/userinfo", Response.json("{\"openid\":\"o-3\",\"nickname\":\"小明\",\"sex\":1,"
                + "\"province\":\"广东\",\"city\":\"深圳\",\"country\":\"中国\",\"headimgurl\":\"https://thirdwx.qlogo.cn/x/132\","
                + "\"privilege\":[],\"unionid\":\"u-3\"}"));
        OAuthAccessToken token = new OAuthAccessToken("UAT", 7200, "URT", "o-3", "snsapi_userinfo", null);
        SnsUserInfo info = oauth.userInfo(token, "en");
        assertEquals(new SnsUserInfo("小明", 1, "广东", "深圳", "中国", "https://thirdwx.qlogo.cn/x/132", "u-3"), info);
        assertEquals(Map.of("access_token", "UAT", "openid", "o-3", "lang", "en"),
                stub.requests("/sns/userinfo").get(0).query());

        oauth.userInfo(token, null);
        assertEquals("zh_CN", stub.requests("/sns/userinfo").get(1).query().get("lang"));
    }

    @Test
    void snsUserInfoTokenErrorsDoNotTouchTheGlobalToken() {
        stub.on("/sns/userinfo", Response.json("{\"errcode\":42001,\"errmsg\":\"access_token expired\"}"));
        OAuthAccessToken token = new OAuthAccessToken("UAT", 7200, "URT", "o-3", "snsapi_userinfo", null);
        assertThrows(InvalidAccessTokenException.class, () -> oauth.userInfo(token, null));
        assertEquals(1, stub.requests("/sns/userinfo").size());
        assertTrue(stub.requests("/cgi-bin/stable_token").isEmpty());
    }

    @Test
    void oauthTokenToStringHidesTokens() {
        String text = new OAuthAccessToken("USER-ACCESS", 7200, "USER-REFRESH", "o-3", "snsapi_base", "u-3").toString();
        assertFalse(text.contains("USER-ACCESS") || text.contains("USER-REFRESH"), text);
        assertTrue(text.contains("o-3"), text);
    }
}
