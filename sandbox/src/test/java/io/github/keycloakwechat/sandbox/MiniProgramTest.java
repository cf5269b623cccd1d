package io.github.keycloakwechat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mini Program login: jscode2session, getuserphonenumber, the codes minted for them, and the page. */
class MiniProgramTest extends SandboxTestSupport {

    private JsonNode session(String appId, String secret, String jsCode) throws Exception {
        HttpResponse<String> response = get("/sns/jscode2session?appid=" + appId + "&secret=" + secret + "&js_code=" + jsCode
                + "&grant_type=authorization_code");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/plain", response.headers().firstValue("Content-Type").orElse(""), "sns/* answers are text/plain");
        return mapper.readTree(response.body());
    }

    private String miniToken(String appId, String secret) throws Exception {
        return postJson("/cgi-bin/stable_token", "{\"grant_type\":\"client_credential\",\"appid\":\"" + appId
                + "\",\"secret\":\"" + secret + "\"}").get("access_token").asText();
    }

    private HttpResponse<String> phoneRaw(String accessToken, String body) throws Exception {
        return send("POST", "/wxa/business/getuserphonenumber?access_token=" + enc(accessToken), "application/json", body);
    }

    private JsonNode phone(String accessToken, String code) throws Exception {
        HttpResponse<String> response = phoneRaw(accessToken, "{\"code\":\"" + code + "\"}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json; encoding=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        return mapper.readTree(response.body());
    }

    private String loginCode(String user) {
        return sandbox.state().mintMiniProgramLoginCode(MINI_APP_ID, user);
    }

    // --- config --------------------------------------------------------------------------------------

    @Test
    void defaultsHaveAMiniProgramAfterTheOtherAppsAndPeopleWithPhones() {
        SandboxConfig defaults = SandboxConfig.defaults();
        assertEquals(APP_ID, defaults.apps().get(0).appId(), "the Service Account stays first");
        assertEquals(WEB_APP_ID, defaults.apps().get(1).appId());
        SandboxApp mini = defaults.apps().get(2);
        assertEquals(SandboxConfig.DEFAULT_MINI_PROGRAM_APP_ID, mini.appId());
        assertEquals(MINI_APP_ID, mini.appId());
        assertEquals(MINI_SECRET, mini.appSecret());
        assertEquals(SandboxApp.MINI_PROGRAM, mini.kind());
        assertTrue(mini.miniProgramApp() && mini.openPlatformBound());
        assertFalse(mini.websiteApp() || mini.serviceAccount());
        assertNull(mini.token());
        assertNull(mini.callbackUrl());
        assertEquals("Sandbox Mini Program", mini.name());

        SandboxUser alice = defaults.users().get(0);
        assertEquals("+86 13800000001", alice.phone());
        assertEquals("13800000001", alice.purePhoneNumber());
        assertEquals("86", alice.phoneCountryCode());
        assertEquals("13800000001", alice.wechatPhoneNumber(), "a Chinese phoneNumber has no country code");
        assertEquals("+86 13800000002", defaults.users().get(1).phone());
        assertFalse(defaults.users().get(2).hasPhone(), "carol has no phone number");
    }

    @Test
    void phoneNumbersAreNormalizedAndValidated() {
        assertEquals("+86 13800000009", new SandboxUser("x", null, null, "13800000009").phone());
        assertEquals("+852 91234567", new SandboxUser("x", null, null, " +852 91234567 ").phone());
        SandboxUser hk = new SandboxUser("x", null, null, "+852-91234567");
        assertEquals("+85291234567", hk.wechatPhoneNumber(), "a foreign phoneNumber carries its country code");
        assertEquals("91234567", hk.purePhoneNumber());
        assertEquals("852", hk.phoneCountryCode());
        assertNull(new SandboxUser("x", null, null, " ").phone());
        assertNull(new SandboxUser("x", null, null).phone());
        for (String bad : new String[] {"+8613800000001", "138-0000-0001", "phone", "+0 123456", "123"}) {
            assertThrows(IllegalArgumentException.class, () -> new SandboxUser("x", null, null, bad), bad);
        }
    }

    @Test
    void configFileAndControlApiCreateMiniProgramsAndPhones(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sandbox.json");
        Files.writeString(file, """
                {"apps": [{"kind":"miniprogram","appId":"wxm","appSecret":"m","openPlatformBound":false,"name":"M"}],
                 "users": [{"id":"zoe","nickname":"Zoe","phone":"+1 4155550100"}, {"id":"yan","nickname":"Yan"}]}
                """);
        SandboxConfig config = SandboxConfig.load(file);
        assertTrue(config.apps().get(0).miniProgramApp());
        assertFalse(config.apps().get(0).openPlatformBound());
        assertEquals("+1 4155550100", config.users().get(0).phone());
        assertNull(config.users().get(1).phone());
        Files.writeString(file, "{\"apps\":[{\"kind\":\"miniprogram\",\"appId\":\"wxm\",\"appSecret\":\"m\",\"callbackUrl\":\"http://x/\"}]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SandboxConfig.load(file)).getMessage().contains("callbackUrl"));
        Files.writeString(file, "{\"users\":[{\"id\":\"zoe\",\"phone\":\"call me\"}]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SandboxConfig.load(file)).getMessage().contains("phone"));

        JsonNode created = putJson("/sandbox/api/apps/wxmini2", "{\"kind\":\"miniprogram\",\"appSecret\":\"mini2-secret\","
                + "\"openPlatformBound\":false,\"name\":\"Second Mini Program\"}");
        assertEquals("miniprogram", created.get("kind").asText());
        assertFalse(created.get("openPlatformBound").asBoolean());
        assertEquals("miniprogram", putJson("/sandbox/api/apps/wxmini2", "{\"name\":\"Renamed\"}").get("kind").asText(),
                "merging keeps the kind");
        assertEquals(400, send("PUT", "/sandbox/api/apps/wxmini2", "application/json", "{\"token\":\"t\"}").statusCode(),
                "a Mini Program has no push settings");
        sandbox.state().putApp(SandboxApp.miniProgram("wxmini3", "mini3-secret", true, "Third"));
        assertTrue(sandbox.state().app("wxmini3").orElseThrow().miniProgramApp());

        // Phones: through the control API (merged, removable) and from Java.
        assertEquals("+86 13900000001", putJson("/sandbox/api/users/alice", "{\"phone\":\"13900000001\"}").get("phone").asText());
        assertEquals("张三", sandbox.state().user("alice").orElseThrow().nickname(), "other fields are kept");
        assertTrue(putJson("/sandbox/api/users/alice", "{\"phone\":null}").get("phone").isNull());
        assertEquals(400, send("PUT", "/sandbox/api/users/alice", "application/json", "{\"phone\":\"x\"}").statusCode());
        assertEquals("+852 91234567", sandbox.state().setPhone("carol", "+852 91234567").phone());
        assertThrows(NoSuchElementException.class, () -> sandbox.state().setPhone("nobody", "13800000000"));

        JsonNode state = getJson("/sandbox/api/state");
        assertEquals("miniprogram", state.get("apps").get(2).get("kind").asText());
        JsonNode carol = state.get("users").get(2);
        assertEquals("+852 91234567", carol.get("phone").asText());
        assertEquals(sandbox.state().openidOf("carol", MINI_APP_ID), carol.get("apps").get(MINI_APP_ID).get("openid").asText());
        assertFalse(carol.get("apps").get(MINI_APP_ID).has("follows"), "Mini Programs have no followers");
        assertFalse(get("/sandbox/api/state").body().contains(MINI_SECRET), "the AppSecret is masked");
    }

    // --- jscode2session ------------------------------------------------------------------------------

    @Test
    void jscode2sessionAnswersOpenidSessionKeyAndUnionidOnce() throws Exception {
        String code = loginCode("alice");
        JsonNode session = session(MINI_APP_ID, MINI_SECRET, code);
        assertEquals(sandbox.state().openidOf("alice", MINI_APP_ID), session.get("openid").asText());
        assertEquals(sandbox.state().unionidOf("alice"), session.get("unionid").asText());
        String sessionKey = session.get("session_key").asText();
        assertEquals(24, sessionKey.length(), sessionKey);
        assertEquals(16, Base64.getDecoder().decode(sessionKey).length);
        assertFalse(session.has("errcode"), session.toString());
        assertEquals(1, sandbox.state().calls("jscode2session"));

        JsonNode again = session(MINI_APP_ID, MINI_SECRET, code);
        assertEquals(40163, again.get("errcode").asInt());
        assertTrue(again.get("errmsg").asText().startsWith("code been used"), again.toString());

        JsonNode next = session(MINI_APP_ID, MINI_SECRET, loginCode("alice"));
        assertEquals(session.get("openid").asText(), next.get("openid").asText());
        assertNotEquals(sessionKey, next.get("session_key").asText(), "every login gets a new session_key");

        assertEquals(next.get("session_key").asText(), sandbox.state().sessionKeyOf(MINI_APP_ID, "alice").orElseThrow());
        assertTrue(sandbox.state().sessionKeyOf(MINI_APP_ID, "bob").isEmpty());
        assertEquals(java.util.List.of(sessionKey, next.get("session_key").asText()), sandbox.state().issuedSessionKeys());
        String state = get("/sandbox/api/state").body();
        assertFalse(state.contains(sessionKey) || state.contains(next.get("session_key").asText()), "session keys are never shown");
        assertFalse(state.contains(code), "codes are not listed either");
    }

    @Test
    void onePersonHasOneUnionidAcrossBoundAppsAndAnOpenidPerApp() throws Exception {
        JsonNode mini = session(MINI_APP_ID, MINI_SECRET, loginCode("bob"));
        assertEquals(sandbox.state().unionidOf("bob"), mini.get("unionid").asText());
        assertNotEquals(sandbox.state().openidOf("bob", APP_ID), mini.get("openid").asText());
        assertNotEquals(sandbox.state().openidOf("bob", WEB_APP_ID), mini.get("openid").asText());
        assertNotEquals(session(MINI_APP_ID, MINI_SECRET, loginCode("carol")).get("openid").asText(), mini.get("openid").asText());
    }

    @Test
    void anUnboundMiniProgramGetsNoUnionid() throws Exception {
        sandbox.state().putApp(SandboxApp.miniProgram("wxminiunbound", "unbound-secret", false, "Unbound"));
        JsonNode session = session("wxminiunbound", "unbound-secret",
                sandbox.state().mintMiniProgramLoginCode("wxminiunbound", "alice"));
        assertEquals(sandbox.state().openidOf("alice", "wxminiunbound"), session.get("openid").asText());
        assertTrue(session.has("session_key"));
        assertFalse(session.has("unionid"), session.toString());
    }

    @Test
    void jscode2sessionErrors() throws Exception {
        String code = loginCode("alice");
        assertEquals(40029, session(MINI_APP_ID, MINI_SECRET, "nosuchcode").get("errcode").asInt());
        assertEquals(40125, session(MINI_APP_ID, "wrong", code).get("errcode").asInt());
        assertEquals(40013, session("wxnosuchapp", MINI_SECRET, code).get("errcode").asInt());
        JsonNode website = session(WEB_APP_ID, WEB_SECRET, code);
        assertEquals(40013, website.get("errcode").asInt(), "jscode2session needs a Mini Program's AppID");
        assertTrue(website.get("errmsg").asText().contains("a website app"), website.toString());
        assertEquals(40013, session(APP_ID, SECRET, code).get("errcode").asInt());
        assertEquals(41008, getJson("/sns/jscode2session?appid=" + MINI_APP_ID + "&secret=" + MINI_SECRET
                + "&grant_type=authorization_code").get("errcode").asInt());
        assertEquals(41002, getJson("/sns/jscode2session?secret=x&js_code=" + code + "&grant_type=authorization_code")
                .get("errcode").asInt());
        assertEquals(41004, getJson("/sns/jscode2session?appid=" + MINI_APP_ID + "&js_code=" + code
                + "&grant_type=authorization_code").get("errcode").asInt());
        assertEquals(40002, getJson("/sns/jscode2session?appid=" + MINI_APP_ID + "&secret=" + MINI_SECRET + "&js_code=" + code
                + "&grant_type=client_credential").get("errcode").asInt());
        assertEquals(43001, mapper.readTree(send("POST", "/sns/jscode2session", "application/json", "{}").body())
                .get("errcode").asInt());

        // Another Mini Program's code is unknown here; the code survived all of this.
        sandbox.state().putApp(SandboxApp.miniProgram("wxmini2", "mini2-secret", true, "Two"));
        assertEquals(40029, session("wxmini2", "mini2-secret", code).get("errcode").asInt());
        assertEquals(sandbox.state().openidOf("alice", MINI_APP_ID), session(MINI_APP_ID, MINI_SECRET, code).get("openid").asText());

        // A website login code is no wx.login() code, and a Mini Program has no in-WeChat OAuth.
        assertEquals(40029, getJson("/sns/oauth2/access_token?appid=" + MINI_APP_ID + "&secret=" + MINI_SECRET + "&code="
                + loginCode("bob") + "&grant_type=authorization_code").get("errcode").asInt());
        HttpResponse<String> authorize = get("/connect/oauth2/authorize?appid=" + MINI_APP_ID + "&redirect_uri="
                + enc("https://example.com/cb") + "&response_type=code&scope=snsapi_base&state=s");
        assertTrue(authorize.body().contains("10016") && authorize.body().contains("Mini Program"), authorize.body());
    }

    @Test
    void loginCodesExpireAfterFiveMinutes() throws Exception {
        String early = loginCode("bob");
        String late = loginCode("bob");
        sandbox.state().advanceClock(Duration.ofSeconds(299));
        assertTrue(session(MINI_APP_ID, MINI_SECRET, early).has("openid"), "still valid at 4:59");
        sandbox.state().advanceClock(Duration.ofSeconds(1));
        JsonNode expired = session(MINI_APP_ID, MINI_SECRET, late);
        assertEquals(40029, expired.get("errcode").asInt(), "an expired wx.login() code is an invalid code");
        assertTrue(expired.get("errmsg").asText().contains("expired"), expired.toString());
        assertEquals(Duration.ofMinutes(5), SandboxState.MINI_PROGRAM_CODE_LIFETIME);
    }

    @Test
    void jscode2sessionAllowsAHundredCallsPerMinutePerUser() throws Exception {
        for (int i = 0; i < MiniProgramService.CALLS_PER_MINUTE_PER_USER; i++) {
            assertTrue(session(MINI_APP_ID, MINI_SECRET, loginCode("carol")).has("openid"), "call " + (i + 1));
        }
        String code = loginCode("carol");
        JsonNode limited = session(MINI_APP_ID, MINI_SECRET, code);
        assertEquals(45011, limited.get("errcode").asInt());
        assertTrue(session(MINI_APP_ID, MINI_SECRET, loginCode("alice")).has("openid"), "per user");
        sandbox.state().advanceClock(Duration.ofSeconds(61));
        assertTrue(session(MINI_APP_ID, MINI_SECRET, code).has("openid"), "the refused code was not used up");
    }

    @Test
    void faultsApplyToJscode2sessionWithoutUsingUpTheCode() throws Exception {
        String code = loginCode("alice");
        postJson("/sandbox/api/faults", "{\"api\":\"jscode2session\",\"errcode\":40226}");
        JsonNode blocked = session(MINI_APP_ID, MINI_SECRET, code);
        assertEquals(40226, blocked.get("errcode").asInt());
        assertTrue(blocked.get("errmsg").asText().startsWith("code blocked"), blocked.toString());

        postJson("/sandbox/api/faults", "{\"api\":\"jscode2session\",\"errcode\":45011,\"times\":2}");
        assertEquals(45011, session(MINI_APP_ID, MINI_SECRET, code).get("errcode").asInt());
        assertEquals(45011, session(MINI_APP_ID, MINI_SECRET, code).get("errcode").asInt());
        postJson("/sandbox/api/faults", "{\"api\":\"*\",\"errcode\":-1}");
        assertEquals(-1, session(MINI_APP_ID, MINI_SECRET, code).get("errcode").asInt());
        assertEquals(sandbox.state().openidOf("alice", MINI_APP_ID), session(MINI_APP_ID, MINI_SECRET, code).get("openid").asText());
        assertEquals(5, sandbox.state().calls("jscode2session"), "faulted calls count too");
    }

    // --- getuserphonenumber --------------------------------------------------------------------------

    @Test
    void getuserphonenumberAnswersThePhoneOnce() throws Exception {
        String token = miniToken(MINI_APP_ID, MINI_SECRET);
        String code = sandbox.state().mintMiniProgramPhoneCode(MINI_APP_ID, "alice");
        assertTrue(code.matches("[0-9a-f]{64}"), code);
        long before = sandbox.state().now().getEpochSecond();
        JsonNode answer = phone(token, code);
        assertEquals(0, answer.get("errcode").asInt());
        assertEquals("ok", answer.get("errmsg").asText());
        JsonNode info = answer.get("phone_info");
        assertEquals("13800000001", info.get("phoneNumber").asText());
        assertEquals("13800000001", info.get("purePhoneNumber").asText());
        assertEquals("86", info.get("countryCode").asText());
        assertTrue(info.get("countryCode").isTextual());
        assertEquals(MINI_APP_ID, info.get("watermark").get("appid").asText());
        assertEquals(before, info.get("watermark").get("timestamp").asLong(), 2);
        assertEquals(1, sandbox.state().calls("getuserphonenumber"));

        JsonNode reused = phone(token, code);
        assertEquals(40029, reused.get("errcode").asInt(), "a used phone code is an invalid code");
        assertTrue(reused.get("errmsg").asText().contains("used"), reused.toString());

        // A foreign number keeps its country code in phoneNumber; classic cgi-bin/token tokens work too.
        sandbox.state().setPhone("bob", "+852 91234567");
        String classic = getJson("/cgi-bin/token?grant_type=client_credential&appid=" + MINI_APP_ID + "&secret=" + MINI_SECRET)
                .get("access_token").asText();
        JsonNode hk = phone(classic, sandbox.state().mintMiniProgramPhoneCode(MINI_APP_ID, "bob")).get("phone_info");
        assertEquals("+85291234567", hk.get("phoneNumber").asText());
        assertEquals("91234567", hk.get("purePhoneNumber").asText());
        assertEquals("852", hk.get("countryCode").asText());
    }

    @Test
    void getuserphonenumberChecksTheCodeAndTheBody() throws Exception {
        String token = miniToken(MINI_APP_ID, MINI_SECRET);
        assertEquals(40029, phone(token, "nosuchcode").get("errcode").asInt());
        String loginCode = loginCode("alice");
        assertEquals(40029, phone(token, loginCode).get("errcode").asInt(), "a wx.login() code is no phone code");

        String code = sandbox.state().mintMiniProgramPhoneCode(MINI_APP_ID, "bob");
        HttpResponse<String> inQuery = send("POST", "/wxa/business/getuserphonenumber?access_token=" + enc(token) + "&code=" + code,
                "application/json", null);
        JsonNode misplaced = mapper.readTree(inQuery.body());
        assertEquals(40029, misplaced.get("errcode").asInt(), "the code belongs in the JSON body");
        assertTrue(misplaced.get("errmsg").asText().contains("JSON body"), misplaced.toString());
        assertEquals(47001, mapper.readTree(phoneRaw(token, "code=" + code).body()).get("errcode").asInt());
        assertEquals(43002, getJson("/wxa/business/getuserphonenumber?access_token=" + enc(token)).get("errcode").asInt());
        assertEquals(40003, mapper.readTree(phoneRaw(token, "{\"code\":\"" + code + "\",\"openid\":\""
                + sandbox.state().openidOf("alice", MINI_APP_ID) + "\"}").body()).get("errcode").asInt(), "another person's openid");
        JsonNode withOpenid = mapper.readTree(phoneRaw(token, "{\"code\":\"" + code + "\",\"openid\":\""
                + sandbox.state().openidOf("bob", MINI_APP_ID) + "\"}").body());
        assertEquals("13800000002", withOpenid.get("phone_info").get("purePhoneNumber").asText(), withOpenid.toString());

        // Phone codes of another Mini Program, and expiry after 5 minutes.
        sandbox.state().putApp(SandboxApp.miniProgram("wxmini2", "mini2-secret", true, "Two"));
        String other = sandbox.state().mintMiniProgramPhoneCode("wxmini2", "alice");
        assertEquals(40029, phone(token, other).get("errcode").asInt());
        String late = sandbox.state().mintMiniProgramPhoneCode(MINI_APP_ID, "alice");
        sandbox.state().advanceClock(Duration.ofSeconds(300));
        JsonNode expired = phone(miniToken(MINI_APP_ID, MINI_SECRET), late);
        assertEquals(40029, expired.get("errcode").asInt());
        assertTrue(expired.get("errmsg").asText().contains("expired"), expired.toString());
    }

    @Test
    void getuserphonenumberNeedsAValidTokenOfTheMiniProgram() throws Exception {
        String code = sandbox.state().mintMiniProgramPhoneCode(MINI_APP_ID, "alice");
        assertEquals(41001, mapper.readTree(send("POST", "/wxa/business/getuserphonenumber", "application/json",
                "{\"code\":\"" + code + "\"}").body()).get("errcode").asInt());
        assertEquals(40001, phone("bogus", code).get("errcode").asInt());
        JsonNode serviceAccount = phone(stableToken(), code);
        assertEquals(48001, serviceAccount.get("errcode").asInt(), "a Service Account's token cannot read phone numbers");
        String token = miniToken(MINI_APP_ID, MINI_SECRET);
        sandbox.state().advanceClock(Duration.ofSeconds(7200));
        assertEquals(42001, phone(token, code).get("errcode").asInt());
        String fresh = miniToken(MINI_APP_ID, MINI_SECRET);
        assertEquals(40029, phone(fresh, code).get("errcode").asInt(), "meanwhile the code expired");

        // A Mini Program's token is no Service Account's.
        assertEquals(48001, postJson("/cgi-bin/qrcode/create?access_token=" + enc(fresh),
                "{\"expire_seconds\":60,\"action_name\":\"QR_SCENE\",\"action_info\":{\"scene\":{\"scene_id\":1}}}")
                .get("errcode").asInt());
    }

    @Test
    void faultsApplyToGetuserphonenumber() throws Exception {
        String token = miniToken(MINI_APP_ID, MINI_SECRET);
        String code = sandbox.state().mintMiniProgramPhoneCode(MINI_APP_ID, "alice");
        postJson("/sandbox/api/faults", "{\"api\":\"getuserphonenumber\",\"httpStatus\":502}");
        assertEquals(502, phoneRaw(token, "{\"code\":\"" + code + "\"}").statusCode());
        assertEquals("13800000001", phone(token, code).get("phone_info").get("purePhoneNumber").asText());
    }

    // --- minting codes -------------------------------------------------------------------------------

    @Test
    void theControlApiMintsCodesAsWxLoginAndTheButtonWould() throws Exception {
        JsonNode login = postJson("/sandbox/api/miniprogram/login", "{\"appId\":\"" + MINI_APP_ID + "\",\"user\":\"bob\"}");
        assertEquals(300, login.get("expiresIn").asInt());
        assertEquals(MINI_APP_ID, login.get("appId").asText());
        assertEquals("bob", login.get("user").asText());
        assertEquals(sandbox.state().openidOf("bob", MINI_APP_ID), login.get("openid").asText());
        assertEquals(login.get("openid").asText(), session(MINI_APP_ID, MINI_SECRET, login.get("code").asText()).get("openid").asText());

        JsonNode phoneCode = postJson("/sandbox/api/miniprogram/phone-code", "{\"appId\":\"" + MINI_APP_ID + "\",\"user\":\"bob\"}");
        assertEquals(300, phoneCode.get("expiresIn").asInt());
        assertEquals("13800000002", phone(miniToken(MINI_APP_ID, MINI_SECRET), phoneCode.get("code").asText())
                .get("phone_info").get("purePhoneNumber").asText());

        assertControlError(400, "phone-code", "{\"appId\":\"" + MINI_APP_ID + "\",\"user\":\"carol\"}", "no phone number");
        assertControlError(404, "login", "{\"appId\":\"wxnosuchapp\",\"user\":\"bob\"}", "unknown app");
        assertControlError(404, "phone-code", "{\"appId\":\"" + MINI_APP_ID + "\",\"user\":\"nobody\"}", "unknown user");
        assertControlError(400, "login", "{\"appId\":\"" + WEB_APP_ID + "\",\"user\":\"bob\"}", "not a Mini Program");
        assertControlError(400, "login", "{\"user\":\"bob\"}", "\"appId\" is required");
        assertControlError(400, "login", "{\"appId\":\"" + MINI_APP_ID + "\"}", "\"user\" is required");
        assertControlError(400, "login", "{\"appId\":\"" + MINI_APP_ID + "\",\"user\":\"bob\",\"scope\":\"x\"}", "unknown field");
        assertEquals(47001, mapper.readTree(send("POST", "/sandbox/api/miniprogram/login", "application/json", "{oops").body())
                .get("errcode").asInt());

        // Java, as the integration tests do it.
        assertThrows(IllegalArgumentException.class, () -> sandbox.state().mintMiniProgramPhoneCode(MINI_APP_ID, "carol"));
        assertThrows(IllegalArgumentException.class, () -> sandbox.state().mintMiniProgramLoginCode(APP_ID, "carol"));
        assertThrows(NoSuchElementException.class, () -> sandbox.state().mintMiniProgramLoginCode("wxnosuchapp", "carol"));
        assertThrows(NoSuchElementException.class, () -> sandbox.state().mintMiniProgramLoginCode(MINI_APP_ID, "nobody"));

        // What the person did shows in their chat on the phone.
        assertTrue(sandbox.state().chat().stream().anyMatch(m -> m.userId().equals("bob") && m.text().contains("wx.login")));
    }

    private void assertControlError(int status, String endpoint, String body, String message) throws Exception {
        HttpResponse<String> response = send("POST", "/sandbox/api/miniprogram/" + endpoint, "application/json", body);
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(mapper.readTree(response.body()).get("error").asText().contains(message), response.body());
    }

    // --- pages ---------------------------------------------------------------------------------------

    @Test
    void theMiniProgramPageOffersAppsPeopleAndTheCurlCommand() throws Exception {
        HttpResponse<String> page = get("/sandbox/miniprogram");
        assertEquals(200, page.statusCode());
        String html = page.body();
        for (String part : new String[] {"id=\"mp-app\"", "id=\"mp-user\"", "id=\"mp-login\"", "id=\"mp-phone\"", "id=\"mp-login-code\"",
                "id=\"mp-phone-code\"", "id=\"mp-curl\"", "id=\"mp-status\"", "value=\"" + MINI_APP_ID + "\"", "Sandbox Mini Program",
                "张三 (alice) · +86 13800000001", "data-phone=\"\"", "小程序登录", "Mini Program login",
                "urn:io.github.keycloakwechat:grant-type:miniprogram", "KEYCLOAK_URL/realms/REALM/protocol/openid-connect/token",
                "client_id=CLIENT_ID", "code=LOGIN_CODE", "/sandbox/api/miniprogram/phone-code"}) {
            assertTrue(html.contains(part), part);
        }
        assertFalse(html.contains("value=\"" + WEB_APP_ID + "\""), "only Mini Programs are offered");

        String filled = get("/sandbox/miniprogram?keycloak=" + enc("http://localhost:8080/realms/demo/") + "&client_id="
                + enc("mini'app") + "&user=bob").body();
        assertTrue(filled.contains("http://localhost:8080/realms/demo/protocol/openid-connect/token"), filled);
        assertTrue(filled.contains(Html.esc("'client_id=mini'\\''app'")), "shell-quoted");
        assertTrue(filled.contains("value=\"bob\" data-phone=\"+86 13800000002\" selected"), filled);
        assertTrue(get("/sandbox/miniprogram?keycloak=" + enc("http://kc.example") + "&realm=shop").body()
                .contains("http://kc.example/realms/shop/protocol/openid-connect/token"));
        assertTrue(get("/sandbox/miniprogram?keycloak=" + enc("javascript:alert(1)")).body()
                .contains("KEYCLOAK_URL/realms/REALM/protocol"), "not a URL: the placeholder");

        assertTrue(get("/").body().contains("href=\"/sandbox/miniprogram\""), "linked from the index");
        assertTrue(get("/").body().contains(MINI_APP_ID));
        assertTrue(get("/sandbox/phone").body().contains("id=\"phone-miniprogram\" href=\"/sandbox/miniprogram?user=alice\""),
                "linked from the phone");
    }

    /** Runs the page's script in Node with a tiny DOM and a fetch that calls the real control API. */
    @Test
    void thePageScriptMintsCodesAndFillsInTheCurlCommand(@TempDir Path dir) throws Exception {
        String node = findNode();
        assertNotNull(node, "node (Node.js) is not on the PATH; it runs the page's script here");
        String html = get("/sandbox/miniprogram?keycloak=" + enc("http://localhost:8080/realms/demo") + "&client_id=shop").body();
        Matcher m = Pattern.compile("<script>(.*)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find());
        Files.writeString(dir.resolve("page.js"), m.group(1));
        Path runner = dir.resolve("run.js");
        Files.writeString(runner, """
                const fs = require('fs');
                const els = {};
                function el(id, extra) { return els[id] = Object.assign({ id, textContent: '', disabled: false, dataset: {},
                  listeners: {}, addEventListener(t, f) { this.listeners[t] = f; } }, extra || {}); }
                el('mp-app', { value: '%s' });
                el('mp-user', { value: 'alice', selectedIndex: 0, options: [{ dataset: { phone: '+86 13800000001' } }] });
                ['mp-status', 'mp-login-code', 'mp-phone-code', 'mp-login', 'mp-phone', 'mp-curl'].forEach(id => el(id));
                global.document = { getElementById: id => els[id] || null };
                const realFetch = globalThis.fetch;
                globalThis.fetch = (path, init) => realFetch('%s' + path, init);
                eval(fs.readFileSync(process.argv[2], 'utf8'));
                const before = els['mp-curl'].textContent;
                els['mp-login'].listeners.click();
                setTimeout(() => {
                  els['mp-phone'].listeners.click();
                  setTimeout(() => console.log(JSON.stringify({ before, after: els['mp-curl'].textContent,
                    login: els['mp-login-code'].textContent, phone: els['mp-phone-code'].textContent,
                    status: els['mp-status'].textContent })), 1500);
                }, 1500);
                """.formatted(MINI_APP_ID, sandbox.baseUrl()));
        Process process = new ProcessBuilder(node, runner.toString(), dir.resolve("page.js").toString())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        JsonNode result = mapper.readTree(out);
        String head = "curl -s -X POST 'http://localhost:8080/realms/demo/protocol/openid-connect/token' \\\n"
                + "  -d 'grant_type=urn:io.github.keycloakwechat:grant-type:miniprogram' \\\n"
                + "  --data-urlencode 'client_id=shop'";
        assertEquals(head + " \\\n  -d 'code=LOGIN_CODE'", result.get("before").asText());
        String login = result.get("login").asText();
        String phone = result.get("phone").asText();
        assertEquals(head + " \\\n  -d 'code=" + login + "' \\\n  -d 'phone_code=" + phone + "'", result.get("after").asText());
        assertTrue(result.get("status").asText().contains("300 s"), result.toString());

        assertEquals(sandbox.state().openidOf("alice", MINI_APP_ID), session(MINI_APP_ID, MINI_SECRET, login).get("openid").asText());
        assertEquals("13800000001", phone(miniToken(MINI_APP_ID, MINI_SECRET), phone).get("phone_info").get("purePhoneNumber")
                .asText());
    }

    private static String findNode() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
