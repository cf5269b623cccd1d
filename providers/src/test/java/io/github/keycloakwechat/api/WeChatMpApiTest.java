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

class WeChatMpApiTest {

    private static final String TICKET =
            "gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==";
    private static final String TICKET_WITH_PLUS_SLASH = "gQF+7zwAAAAAAAAAAS/odHRw+Oi8v==";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StubWeChat stub;
    private WeChatMpApi api;
    private final AtomicInteger issued = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        stub = new StubWeChat();
        WeChatHttp http = StubWeChat.http(Duration.ofSeconds(2));
        stub.on("/cgi-bin/stable_token", request -> Response.json(
                "{\"access_token\":\"T" + issued.incrementAndGet() + "\",\"expires_in\":7200}"));
        api = new WeChatMpApi(http, new AccessTokenCache(new StableTokenSource()), stub.app("wx-mp", "mp-secret"));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void temporaryQrCodeBodyAndAnswer() throws Exception {
        stub.on("/cgi-bin/qrcode/create", Response.json("{\"ticket\":\"" + TICKET + "\",\"expire_seconds\":300,"
                + "\"url\":\"http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI\"}"));
        QrCode qr = api.createQrCode("login-abc", QrCodeType.TEMPORARY, 300);
        assertEquals(new QrCode(TICKET, 300, "http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI"), qr);

        StubWeChat.Request request = stub.requests("/cgi-bin/qrcode/create").get(0);
        assertEquals("POST", request.method());
        assertEquals("T1", request.query().get("access_token"));
        assertEquals(JSON.readTree("{\"expire_seconds\":300,\"action_name\":\"QR_STR_SCENE\","
                + "\"action_info\":{\"scene\":{\"scene_str\":\"login-abc\"}}}"), JSON.readTree(request.body()));
    }

    @Test
    void aQrAnswerWithoutUrlIsAnErrorAndAZeroLifetimeIsIgnored() throws Exception {
        stub.on("/cgi-bin/qrcode/create", Response.json("{\"ticket\":\"" + TICKET + "\",\"expire_seconds\":60}"));
        assertThrows(WeChatUnavailableException.class, () -> api.createQrCode("s", QrCodeType.TEMPORARY, 180));
        stub.on("/cgi-bin/qrcode/create", Response.json("{\"ticket\":\"" + TICKET + "\",\"expire_seconds\":0,\"url\":\"u\"}"));
        assertNull(api.createQrCode("s", QrCodeType.TEMPORARY, 180).expireSeconds());
    }

    @Test
    void permanentQrCodeHasNoExpiry() throws Exception {
        stub.on("/cgi-bin/qrcode/create", Response.json("{\"ticket\":\"" + TICKET + "\",\"url\":\"http://x/q/1\"}"));
        QrCode qr = api.createQrCode("poster", QrCodeType.PERMANENT, 0);
        assertNull(qr.expireSeconds());
        assertEquals(JSON.readTree("{\"action_name\":\"QR_LIMIT_STR_SCENE\","
                + "\"action_info\":{\"scene\":{\"scene_str\":\"poster\"}}}"),
                JSON.readTree(stub.requests("/cgi-bin/qrcode/create").get(0).body()));
    }

    @Test
    void ticketIsReturnedVerbatim() throws Exception {
        stub.on("/cgi-bin/qrcode/create", Response.json(
                "{\"ticket\":\"" + TICKET_WITH_PLUS_SLASH + "\",\"expire_seconds\":60,\"url\":\"http://x/q/2\"}"));
        assertEquals(TICKET_WITH_PLUS_SLASH, api.createQrCode("s", QrCodeType.TEMPORARY, 60).ticket());
    }

    @Test
    void qrCodeArgumentsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> api.createQrCode("", QrCodeType.TEMPORARY, 300));
        assertThrows(IllegalArgumentException.class, () -> api.createQrCode(null, QrCodeType.TEMPORARY, 300));
        assertThrows(IllegalArgumentException.class, () -> api.createQrCode("x".repeat(65), QrCodeType.TEMPORARY, 300));
        assertThrows(IllegalArgumentException.class, () -> api.createQrCode("s", QrCodeType.TEMPORARY, 59));
        assertThrows(IllegalArgumentException.class, () -> api.createQrCode("s", QrCodeType.TEMPORARY, 2_592_001));
        assertThrows(IllegalArgumentException.class, () -> api.createQrCode("s", null, 300));
        assertTrue(stub.requests("/cgi-bin/qrcode/create").isEmpty());
    }

    @Test
    void boundaryQrCodeArgumentsAreAccepted() throws Exception {
        stub.on("/cgi-bin/qrcode/create", Response.json("{\"ticket\":\"t\",\"url\":\"u\"}"));
        api.createQrCode("x".repeat(64), QrCodeType.TEMPORARY, 60);
        api.createQrCode("s", QrCodeType.TEMPORARY, 2_592_000);
        assertEquals(2, stub.requests("/cgi-bin/qrcode/create").size());
    }

    @Test
    void staleTokenIsRefreshedAndTheCallRetriedOnce() throws Exception {
        stub.on("/cgi-bin/qrcode/create", request -> "T1".equals(request.query().get("access_token"))
                ? Response.json("{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is invalid\"}")
                : Response.json("{\"ticket\":\"" + TICKET + "\",\"expire_seconds\":300,\"url\":\"u\"}"));
        assertEquals(TICKET, api.createQrCode("s", QrCodeType.TEMPORARY, 300).ticket());

        List<StubWeChat.Request> creates = stub.requests("/cgi-bin/qrcode/create");
        assertEquals(2, creates.size());
        assertEquals("T1", creates.get(0).query().get("access_token"));
        assertEquals("T2", creates.get(1).query().get("access_token"));
        assertEquals(2, stub.requests("/cgi-bin/stable_token").size());

        // the refreshed token is cached for the next call
        api.createQrCode("s2", QrCodeType.TEMPORARY, 300);
        assertEquals(2, stub.requests("/cgi-bin/stable_token").size());
    }

    @Test
    void aSecondTokenRejectionIsNotRetriedAgain() {
        stub.on("/cgi-bin/qrcode/create", Response.json("{\"errcode\":42001,\"errmsg\":\"access_token expired\"}"));
        WeChatApiException e = assertThrows(InvalidAccessTokenException.class,
                () -> api.createQrCode("s", QrCodeType.TEMPORARY, 300));
        assertEquals(42001, e.errcode());
        assertEquals(2, stub.requests("/cgi-bin/qrcode/create").size());
        assertEquals(2, stub.requests("/cgi-bin/stable_token").size());
    }

    @Test
    void otherErrorsAreNotRetried() {
        stub.on("/cgi-bin/qrcode/create", Response.json("{\"errcode\":48001,\"errmsg\":\"api unauthorized\"}"));
        assertThrows(WeChatConfigurationException.class, () -> api.createQrCode("s", QrCodeType.TEMPORARY, 300));
        assertEquals(1, stub.requests("/cgi-bin/qrcode/create").size());
    }

    @Test
    void userInfoOfAFollower() throws Exception {
        stub.on("/cgi-bin/user/info", Response.json("{\"subscribe\":1,\"openid\":\"o6_b+s/=\",\"language\":\"zh_CN\","
                + "\"subscribe_time\":1382694957,\"unionid\":\"u-1\",\"remark\":\"\",\"groupid\":0,"
                + "\"tagid_list\":[128,2],\"subscribe_scene\":\"ADD_SCENE_QR_CODE\",\"qr_scene\":98765,"
                + "\"qr_scene_str\":\"\"}"));
        UserInfo info = api.getUserInfo("o6_b+s/=");
        assertEquals(new UserInfo("u-1"), info);

        StubWeChat.Request request = stub.requests("/cgi-bin/user/info").get(0);
        assertEquals(Map.of("access_token", "T1", "openid", "o6_b+s/=", "lang", "zh_CN"), request.query());
    }

    @Test
    void userInfoOfANonFollower() throws Exception {
        stub.on("/cgi-bin/user/info", Response.json("{\"subscribe\":0,\"openid\":\"o-2\"}"));
        assertEquals(new UserInfo(null), api.getUserInfo("o-2"));
    }

}
