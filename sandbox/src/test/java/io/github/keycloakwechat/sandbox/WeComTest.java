package io.github.keycloakwechat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WeCom (企业微信): gettoken, web login (wwlogin/sso/login), in-client OAuth, auth/getuserinfo, auth/getuserdetail, user/get. */
class WeComTest extends SandboxTestSupport {

    static final String CORP_ID = "wwsandboxcorp0001";
    static final String AGENT_ID = "1000002";
    static final String CORP_SECRET = "sandbox-wecom-secret-0001";
    private static final String REDIRECT = "https://sso.example.com/realms/demo/broker/wecom/endpoint";
    private static final Pattern KEY = Pattern.compile("data-key=\"([A-Za-z0-9]+)\"");
    private static final Pattern WECOM_ERRMSG = Pattern.compile(
            ".+, hint: \\[[0-9]{25}\\], from ip: 127\\.0\\.0\\.1, more info at https://open\\.work\\.weixin\\.qq\\.com/devtool/query\\?e=(-?[0-9]+)(, sandbox: .+)?");

    // --- helpers -------------------------------------------------------------------------------------

    private JsonNode getToken(String corpId, String secret) throws Exception {
        HttpResponse<String> response = get("/cgi-bin/gettoken?corpid=" + enc(corpId) + "&corpsecret=" + enc(secret));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        return mapper.readTree(response.body());
    }

    private String token() throws Exception {
        JsonNode token = getToken(CORP_ID, CORP_SECRET);
        assertEquals(0, token.get("errcode").asInt(), token.toString());
        return token.get("access_token").asText();
    }

    private static String ssoLogin(String appid, String agentid, String state, String lang) {
        return "/wwlogin/sso/login?login_type=CorpApp&appid=" + appid + "&agentid=" + agentid + "&redirect_uri=" + enc(REDIRECT)
                + (state == null ? "" : "&state=" + state) + (lang == null ? "" : "&lang=" + lang);
    }

    /** Opens the login page; returns its key. */
    private String openLogin(String pathAndQuery) throws Exception {
        HttpResponse<String> page = get(pathAndQuery);
        assertEquals(200, page.statusCode());
        Matcher m = KEY.matcher(page.body());
        assertTrue(m.find(), page.body());
        return m.group(1);
    }

    private HttpResponse<String> postForm(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Presses "confirm as {person}" on a login page; returns the redirect's query parameters. */
    private Map<String, String> confirmLogin(String key, String person) throws Exception {
        HttpResponse<String> response = postForm("/wwlogin/sso/login/confirm", "key=" + key + "&user=" + person);
        assertEquals(302, response.statusCode(), response.body());
        return query(response.headers().firstValue("Location").orElseThrow());
    }

    private String loginCode(String person) throws Exception {
        return confirmLogin(openLogin(ssoLogin(CORP_ID, AGENT_ID, "st1", null)), person).get("code");
    }

    private static Map<String, String> query(String location) {
        assertTrue(location.startsWith(REDIRECT), location);
        String raw = URI.create(location).getRawQuery();
        return Request.parsePairs(raw).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private JsonNode userInfo(String token, String code) throws Exception {
        return getJson("/cgi-bin/auth/getuserinfo?access_token=" + enc(token) + "&code=" + enc(code));
    }

    private JsonNode userDetail(String token, String ticket) throws Exception {
        return postJson("/cgi-bin/auth/getuserdetail?access_token=" + enc(token), "{\"user_ticket\":\"" + ticket + "\"}");
    }

    private static String authorize(String scope, String agentId, String state) {
        return "/connect/oauth2/authorize?appid=" + CORP_ID + "&redirect_uri=" + enc(REDIRECT) + "&response_type=code&scope="
                + scope + (state == null ? "" : "&state=" + state) + (agentId == null ? "" : "&agentid=" + agentId);
    }

    private void session(String userid) throws Exception {
        JsonNode answer = postJson("/sandbox/api/wecom/session", userid == null ? "{\"userid\":null}"
                : "{\"corpId\":\"" + CORP_ID + "\",\"userid\":\"" + userid + "\"}");
        assertEquals(CORP_ID, answer.get("corpId").asText());
    }

    /** The code of an in-client privateinfo consent, allowed as {@code person}. */
    private String privateinfoCode(String person) throws Exception {
        HttpResponse<String> page = get(authorize("snsapi_privateinfo", AGENT_ID, "p1"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"sandbox-allow\""), page.body());
        HttpResponse<String> allowed = postForm("/connect/oauth2/authorize/wecom/confirm", "appid=" + CORP_ID + "&agentid=" + AGENT_ID
                + "&redirect_uri=" + enc(REDIRECT) + "&scope=snsapi_privateinfo&state=p1&user=" + person + "&action=allow");
        assertEquals(302, allowed.statusCode(), allowed.body());
        Map<String, String> params = query(allowed.headers().firstValue("Location").orElseThrow());
        assertEquals("p1", params.get("state"));
        return params.get("code");
    }

    private static void assertWeComError(JsonNode answer, int errcode) {
        assertEquals(errcode, answer.get("errcode").asInt(), answer.toString());
        Matcher m = WECOM_ERRMSG.matcher(answer.get("errmsg").asText());
        assertTrue(m.matches(), answer.get("errmsg").asText());
        assertEquals(Integer.toString(errcode), m.group(1));
    }

    private void assertErrorPage(String pathAndQuery, String message) throws Exception {
        HttpResponse<String> page = get(pathAndQuery);
        assertEquals(200, page.statusCode(), "WeCom shows its error pages with HTTP 200");
        assertTrue(page.body().contains("id=\"sandbox-error\""), page.body());
        Matcher m = Pattern.compile("id=\"sandbox-error-message\">([^<]*)<").matcher(page.body());
        assertTrue(m.find(), page.body());
        assertEquals(message, m.group(1), page.body());
    }

    // --- config and control API ----------------------------------------------------------------------

    @Test
    void defaultsHaveOneCorpWithOneAppThreeMembersAndAnOutsider() throws Exception {
        SandboxConfig defaults = SandboxConfig.defaults();
        assertEquals(3, defaults.apps().size(), "WeCom is not a WeChat app kind");
        SandboxWeComApp app = defaults.wecom().apps().get(0);
        assertEquals(CORP_ID, app.corpId());
        assertEquals(CORP_ID, SandboxConfig.DEFAULT_WECOM_CORP_ID);
        assertEquals(AGENT_ID, app.agentId());
        assertEquals(AGENT_ID, SandboxConfig.DEFAULT_WECOM_AGENT_ID);
        assertEquals(CORP_SECRET, app.secret());
        assertNull(app.trustedDomain(), "any redirect domain");
        assertTrue(app.allowsRedirect("http://localhost:8080/x"));

        List<SandboxWeComMember> members = defaults.wecom().members();
        assertEquals(List.of("zhangsan", "lisi", "wangwu"), members.stream().map(SandboxWeComMember::userid).toList());
        assertEquals("张三", members.get(0).name());
        assertEquals("13800000011", members.get(0).mobile());
        assertEquals("zhangsan@example.com", members.get(0).email());
        assertEquals("13800000012", members.get(1).mobile());
        assertNull(members.get(1).email());
        assertNull(members.get(2).mobile());
        assertNull(members.get(2).email());
        assertEquals("outsider", defaults.wecom().outsiders().get(0).id());

        JsonNode wecom = getJson("/sandbox/api/state").get("wecom");
        assertEquals(CORP_ID, wecom.get("apps").get(0).get("corpId").asText());
        assertEquals("1000002", wecom.get("apps").get(0).get("agentId").asText());
        assertFalse(wecom.get("apps").get(0).get("secret").asText().contains("secret-0001"), "secrets are masked");
        assertEquals("zhangsan", wecom.get("members").get(0).get("userid").asText());
        assertTrue(wecom.get("members").get(0).get("avatar").asText().endsWith("/sandbox/wecom/avatar/" + CORP_ID + "/zhangsan/0"));
        JsonNode outsider = wecom.get("outsiders").get(0).get("corps").get(CORP_ID);
        assertEquals(sandbox.state().weComOpenidOf(CORP_ID, "outsider"), outsider.get("openid").asText());
        assertEquals(sandbox.state().externalUseridOf(CORP_ID, "outsider"), outsider.get("external_userid").asText());
        assertTrue(wecom.get("clientUsers").get(CORP_ID).isNull());
        assertEquals(wecom, getJson("/sandbox/api/wecom"));
        assertTrue(get("/").body().contains("data-kind=\"wecom\""));
    }

    @Test
    void configFileHasAWeComSection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sandbox.json");
        Files.writeString(file, """
                {"wecom": {"apps": [{"corpId":"wwmine","agentId":1000005,"secret":"s3cret","name":"Mine",
                                     "trustedDomain":"SSO.example.com:8443"}],
                           "members": [{"userid":"amy","name":"Amy","mobile":"13900000001","gender":2}]}}
                """);
        SandboxConfig config = SandboxConfig.load(file);
        SandboxWeComApp app = config.wecom().apps().get(0);
        assertEquals("1000005", app.agentId(), "a number is accepted");
        assertEquals("sso.example.com:8443", app.trustedDomain());
        assertTrue(app.allowsRedirect("https://sso.example.com:8443/cb"));
        assertFalse(app.allowsRedirect("https://sso.example.com/cb"), "the port counts");
        SandboxWeComMember amy = config.wecom().members().get(0);
        assertEquals("wwmine", amy.corpId(), "the only corp");
        assertEquals("2", amy.gender());
        assertEquals(List.of(1), amy.department());
        assertEquals("outsider", config.wecom().outsiders().get(0).id(), "missing keys keep the defaults");
        assertEquals(3, config.apps().size());

        Files.writeString(file, "{\"wecom\":{\"apps\":[]}}");
        assertTrue(SandboxConfig.load(file).wecom().apps().isEmpty());
        assertTrue(SandboxConfig.load(file).wecom().members().isEmpty(), "no default corp, no default members");
        Files.writeString(file, "{\"wecom\":{\"corps\":[]}}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SandboxConfig.load(file)).getMessage().contains("wecom.corps"));
        Files.writeString(file, "{\"wecom\":{\"apps\":[{\"corpId\":\"wwa\",\"agentId\":\"1\",\"secret\":\"a\"},"
                + "{\"corpId\":\"wwb\",\"agentId\":\"1\",\"secret\":\"b\"}],\"members\":[{\"userid\":\"amy\"}]}}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SandboxConfig.load(file)).getMessage().contains("corpId"));
        Files.writeString(file, "{\"wecom\":{\"apps\":[{\"corpId\":\"wwa\",\"agentId\":\"x1\",\"secret\":\"a\"}]}}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SandboxConfig.load(file)).getMessage().contains("agentId"));
        Files.writeString(file, "{\"wecom\":{\"apps\":[{\"corpId\":\"wxsandbox0000001\",\"agentId\":\"1\",\"secret\":\"a\"}]}}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SandboxConfig.load(file)).getMessage().contains("AppID"));
    }

    @Test
    void controlApiAddsAndAltersMembersAppsAndOutsiders() throws Exception {
        JsonNode zhaoliu = putJson("/sandbox/api/wecom/members/zhaoliu",
                "{\"name\":\"赵六\",\"mobile\":\"13800000014\",\"email\":\"zhaoliu@example.com\",\"gender\":\"1\",\"position\":\"QA\"}");
        assertEquals(CORP_ID, zhaoliu.get("corpId").asText(), "the only corp");
        assertEquals("13800000014", zhaoliu.get("mobile").asText());
        JsonNode changed = putJson("/sandbox/api/wecom/members/zhaoliu", "{\"mobile\":null}");
        assertTrue(changed.get("mobile").isNull(), "null removes");
        assertEquals("zhaoliu@example.com", changed.get("email").asText(), "fields left out keep their values");
        assertNull(sandbox.state().weComMember(CORP_ID, "zhaoliu").orElseThrow().mobile());
        assertEquals(400, send("PUT", "/sandbox/api/wecom/members/zhaoliu", "application/json", "{\"gender\":\"m\"}").statusCode());
        assertEquals(400, send("PUT", "/sandbox/api/wecom/members/zhaoliu", "application/json", "{\"phone\":\"1\"}").statusCode());
        assertEquals(404, send("PUT", "/sandbox/api/wecom/members/x", "application/json", "{\"corpId\":\"wwnope\"}").statusCode());
        assertEquals(400, send("PUT", "/sandbox/api/wecom/members/outsider", "application/json", "{}").statusCode(),
                "an outsider's id");
        assertEquals(200, send("DELETE", "/sandbox/api/wecom/members/zhaoliu", null, null).statusCode());
        assertTrue(sandbox.state().weComMember(CORP_ID, "zhaoliu").isEmpty());
        assertEquals(404, send("DELETE", "/sandbox/api/wecom/members/zhaoliu", null, null).statusCode());

        // A second app of the same corp, and a second corp.
        JsonNode second = putJson("/sandbox/api/wecom/apps/" + CORP_ID + "/1000003",
                "{\"secret\":\"second-secret\",\"name\":\"Second\",\"trustedDomain\":\"app2.example.com\"}");
        assertEquals("app2.example.com", second.get("trustedDomain").asText());
        assertEquals("Second", putJson("/sandbox/api/wecom/apps/" + CORP_ID + "/1000003", "{\"trustedDomain\":null}")
                .get("name").asText());
        assertNull(sandbox.state().weComApp(CORP_ID, "1000003").orElseThrow().trustedDomain());
        putJson("/sandbox/api/wecom/apps/wwothercorp/1000002", "{\"secret\":\"other-secret\",\"corpName\":\"Other\"}");
        assertEquals(List.of(CORP_ID, "wwothercorp"), sandbox.state().weComCorpIds());
        assertEquals(400, send("PUT", "/sandbox/api/wecom/members/amy", "application/json", "{}").statusCode(),
                "two corps: corpId is required");
        assertEquals("wwothercorp", putJson("/sandbox/api/wecom/members/amy", "{\"corpId\":\"wwothercorp\"}").get("corpId").asText());
        assertEquals(400, send("PUT", "/sandbox/api/wecom/apps/" + APP_ID + "/1", "application/json", "{\"secret\":\"x\"}")
                .statusCode(), "a WeChat AppID");
        assertEquals(400, send("PUT", "/sandbox/api/wecom/apps/wwx/abc", "application/json", "{\"secret\":\"x\"}").statusCode());
        assertEquals(400, send("PUT", "/sandbox/api/wecom/apps/wwx", "application/json", "{\"secret\":\"x\"}").statusCode());

        JsonNode guest = putJson("/sandbox/api/wecom/outsiders/guest", "{\"name\":\"访客\"}");
        assertEquals(sandbox.state().externalUseridOf("wwothercorp", "guest"),
                guest.get("corps").get("wwothercorp").get("external_userid").asText());
        assertEquals(400, send("PUT", "/sandbox/api/wecom/outsiders/lisi", "application/json", "{}").statusCode());
        assertEquals(400, send("PUT", "/sandbox/api/apps/" + CORP_ID, "application/json",
                "{\"kind\":\"website\",\"appSecret\":\"x\"}").statusCode(), "a CorpID is not a WeChat AppID");

        // Java, as the integration tests do it.
        SandboxState state = sandbox.state();
        state.putWeComApp(SandboxWeComApp.of("wwjava", 1000009, "java-secret", "Java app").withTrustedDomain("localhost:8080"));
        SandboxWeComMember stored = state.putWeComMember(SandboxWeComMember.of("wwjava", "jim", "Jim", null, "jim@example.com"));
        assertEquals("wwjava", stored.corpId());
        assertTrue(state.weComApp("wwjava", "1000009").orElseThrow().allowsRedirect("http://localhost:8080/cb"));
        state.setWeComClientUser("wwjava", "jim");
        assertEquals("jim", state.weComClientUser("wwjava").orElseThrow());
        assertThrows(NoSuchElementException.class, () -> state.setWeComClientUser("wwjava", "zhangsan"));
        assertThrows(IllegalArgumentException.class, () -> state.putWeComMember(SandboxWeComMember.of(null, "x", "X", null, null)));
        state.setWeComClientUser("wwjava", null);
        assertTrue(state.weComClientUser("wwjava").isEmpty());
    }

    @Test
    void sessionSaysWhoIsUsingTheWeComClient() throws Exception {
        JsonNode set = postJson("/sandbox/api/wecom/session", "{\"userid\":\"lisi\"}");
        assertEquals("lisi", set.get("userid").asText());
        assertTrue(set.get("member").asBoolean());
        assertEquals("lisi", sandbox.state().weComClientUser(CORP_ID).orElseThrow());
        assertFalse(postJson("/sandbox/api/wecom/session", "{\"userid\":\"outsider\"}").get("member").asBoolean());
        assertEquals("outsider", getJson("/sandbox/api/state").get("wecom").get("clientUsers").get(CORP_ID).asText());
        assertTrue(postJson("/sandbox/api/wecom/session", "{\"userid\":null}").get("userid").isNull());
        assertEquals(404, send("POST", "/sandbox/api/wecom/session", "application/json", "{\"userid\":\"alice\"}").statusCode(),
                "a WeChat person is not in the corp");
        assertEquals(404, send("POST", "/sandbox/api/wecom/session", "application/json",
                "{\"corpId\":\"wwnope\",\"userid\":\"lisi\"}").statusCode());
        assertEquals(400, send("POST", "/sandbox/api/wecom/session", "application/json", "{\"user\":\"lisi\"}").statusCode());
    }

    // --- gettoken ------------------------------------------------------------------------------------

    @Test
    void getTokenIssuesOneTokenPerAppWithWeComsErrors() throws Exception {
        JsonNode first = getToken(CORP_ID, CORP_SECRET);
        assertEquals(0, first.get("errcode").asInt());
        assertEquals("ok", first.get("errmsg").asText());
        assertEquals(7200, first.get("expires_in").asInt());
        sandbox.state().advanceClock(Duration.ofSeconds(100));
        JsonNode again = getToken(CORP_ID, CORP_SECRET);
        assertEquals(first.get("access_token").asText(), again.get("access_token").asText(), "the same token while valid");
        assertEquals(7100, again.get("expires_in").asInt());

        sandbox.state().putWeComApp(SandboxWeComApp.of(CORP_ID, 1000003, "second-secret", "Second"));
        String second = getToken(CORP_ID, "second-secret").get("access_token").asText();
        assertNotEquals(first.get("access_token").asText(), second, "one token per app");

        assertWeComError(getToken("wwnosuchcorp", CORP_SECRET), 40013);
        assertTrue(getToken("wwnosuchcorp", CORP_SECRET).get("errmsg").asText().startsWith("invalid corpid, hint: ["));
        assertWeComError(getToken(APP_ID, SECRET), 40013);
        assertWeComError(getToken(CORP_ID, "wrong"), 40001);
        assertWeComError(getJson("/cgi-bin/gettoken?corpsecret=x"), 41002);
        assertWeComError(getJson("/cgi-bin/gettoken?corpid=" + CORP_ID), 41004);
        assertWeComError(mapper.readTree(send("POST", "/cgi-bin/gettoken?corpid=" + CORP_ID, "application/json", "{}").body()), 43001);
        assertEquals(9, sandbox.state().calls("gettoken"));

        // Expiry: 42001, then gettoken issues a new one.
        String token = first.get("access_token").asText();
        sandbox.state().advanceClock(Duration.ofSeconds(7100));
        assertWeComError(getJson("/cgi-bin/user/get?access_token=" + enc(token) + "&userid=zhangsan"), 42001);
        String renewed = token();
        assertNotEquals(token, renewed);
        assertEquals(0, getJson("/cgi-bin/user/get?access_token=" + enc(renewed) + "&userid=zhangsan").get("errcode").asInt());

        assertWeComError(getJson("/cgi-bin/user/get?access_token=bogus&userid=zhangsan"), 40014);
        assertWeComError(getJson("/cgi-bin/user/get?access_token=" + enc(stableToken()) + "&userid=zhangsan"), 40014);
        assertWeComError(getJson("/cgi-bin/user/get?userid=zhangsan"), 41001);
        assertEquals(40001, getJson("/cgi-bin/user/info?access_token=" + enc(renewed) + "&openid=x").get("errcode").asInt(),
                "a WeCom token is no WeChat token");
    }

    // --- web login -----------------------------------------------------------------------------------

    @Test
    void ssoLoginPageHasAConfirmButtonPerMemberAndForTheOutsider() throws Exception {
        HttpResponse<String> page = get(ssoLogin(CORP_ID, AGENT_ID, "abc", "zh"));
        assertEquals(200, page.statusCode());
        for (String s : new String[] {"id=\"confirm-zhangsan\"", "id=\"confirm-lisi\"", "id=\"confirm-wangwu\"",
                "id=\"confirm-outsider\"", "id=\"sandbox-deny\"", "id=\"sandbox-qrcode\"", "id=\"sandbox-wwlogin\"",
                "企业微信登录", "请使用企业微信扫描二维码登录", "以 张三 (zhangsan) 身份确认登录", "<html lang=\"zh-CN\">",
                "Sandbox WeCom App", "class=\"sandbox-confirm sandbox-outsider\"", "以 外部用户 (outsider) 身份确认登录（非企业成员）"}) {
            assertTrue(page.body().contains(s), s);
        }
        assertFalse(page.body().contains("confirm-alice"), "WeChat people are not corp members");
        assertEquals(1, sandbox.state().calls("sso/login"));

        HttpResponse<String> english = get(ssoLogin(CORP_ID, AGENT_ID, "abc", "en"));
        for (String s : new String[] {"WeCom Login", "Scan the QR code with WeCom to log in", "Confirm as 张三 (zhangsan)",
                "Confirm as 外部用户 (outsider) — not a member", ">Refuse<", "<html lang=\"en\">"}) {
            assertTrue(english.body().contains(s), s);
        }
        String key = openLogin(ssoLogin(CORP_ID, AGENT_ID, null, null));
        HttpResponse<byte[]> image = getBytes("/wwlogin/sso/qrcode/" + key);
        assertEquals(200, image.statusCode());
        assertEquals("image/jpeg", image.headers().firstValue("Content-Type").orElse(""));
        assertEquals(404, getBytes("/wwlogin/sso/qrcode/nope").statusCode());
        assertEquals(200, get("/wwlogin/sso/scan?key=" + key).statusCode());
    }

    @Test
    void ssoLoginChecksItsParameters() throws Exception {
        String rest = "&redirect_uri=" + enc(REDIRECT) + "&state=s";
        assertErrorPage("/wwlogin/sso/login?login_type=CorpApp&appid=wwnosuch&agentid=" + AGENT_ID + rest, "appid 参数错误");
        assertErrorPage("/wwlogin/sso/login?login_type=CorpApp&appid=" + APP_ID + "&agentid=" + AGENT_ID + rest, "appid 参数错误");
        assertErrorPage("/wwlogin/sso/login?login_type=CorpApp&agentid=" + AGENT_ID + rest, "appid 参数错误");
        assertErrorPage("/wwlogin/sso/login?login_type=CorpApp&appid=" + CORP_ID + "&agentid=1000099" + rest, "agentid 参数错误");
        assertErrorPage("/wwlogin/sso/login?login_type=CorpApp&appid=" + CORP_ID + rest, "agentid 参数错误");
        assertErrorPage("/wwlogin/sso/login?login_type=ServiceApp&appid=" + CORP_ID + "&agentid=" + AGENT_ID + rest,
                "login_type 参数错误");
        assertErrorPage("/wwlogin/sso/login?appid=" + CORP_ID + "&agentid=" + AGENT_ID + rest, "login_type 参数错误");
        assertErrorPage("/wwlogin/sso/login?login_type=CorpApp&appid=" + CORP_ID + "&agentid=" + AGENT_ID
                + "&redirect_uri=" + enc("ftp://x/y"), "redirect_uri 参数错误");
        assertErrorPage("/wwlogin/sso/login?login_type=CorpApp&appid=" + CORP_ID + "&agentid=" + AGENT_ID
                + "&redirect_uri=" + enc(REDIRECT) + "&state=" + "x".repeat(129), "state 参数错误");
        assertErrorPage("/wwlogin/sso/login?login_type=CorpApp&appid=" + CORP_ID + "&agentid=1000099" + rest + "&lang=en",
                "Invalid agentid");
        assertEquals(10, sandbox.state().calls("sso/login"), "error pages are counted too");
        assertTrue(getJson("/sandbox/api/state").get("wecom").get("logins").isEmpty());
    }

    @Test
    void confirmingRedirectsWithASingleUseCodeForTheMember() throws Exception {
        String key = openLogin(ssoLogin(CORP_ID, AGENT_ID, "st1", null));
        Map<String, String> params = confirmLogin(key, "zhangsan");
        assertEquals("st1", params.get("state"));
        String code = params.get("code");
        assertTrue(code.length() <= 512);

        String token = token();
        JsonNode info = userInfo(token, code);
        assertEquals(0, info.get("errcode").asInt());
        assertEquals("ok", info.get("errmsg").asText());
        assertEquals("zhangsan", info.get("userid").asText());
        assertFalse(info.has("user_ticket"), "web login gives no user_ticket");
        assertFalse(info.has("openid"));
        assertEquals(1, sandbox.state().calls("auth/getuserinfo"));

        JsonNode reused = userInfo(token, code);
        assertWeComError(reused, 40029);
        assertTrue(reused.get("errmsg").asText().startsWith("invalid code, hint: ["));
        assertWeComError(userInfo(token, "nosuchcode"), 40029);
        assertWeComError(getJson("/cgi-bin/auth/getuserinfo?access_token=" + enc(token)), 41008);

        // The page answers once.
        HttpResponse<String> twice = postForm("/wwlogin/sso/login/confirm", "key=" + key + "&user=lisi");
        assertEquals(409, twice.statusCode());
        assertEquals(404, postForm("/wwlogin/sso/login/confirm", "key=nope&user=lisi").statusCode());
        assertEquals(404, postForm("/wwlogin/sso/login/confirm", "key=" + openLogin(ssoLogin(CORP_ID, AGENT_ID, "s", null))
                + "&user=alice").statusCode(), "not a member, not an outsider");
    }

    @Test
    void anOutsiderGetsOpenidAndExternalUserid() throws Exception {
        JsonNode info = userInfo(token(), loginCode("outsider"));
        assertEquals(0, info.get("errcode").asInt());
        assertFalse(info.has("userid"));
        assertEquals(sandbox.state().weComOpenidOf(CORP_ID, "outsider"), info.get("openid").asText());
        assertEquals(sandbox.state().externalUseridOf(CORP_ID, "outsider"), info.get("external_userid").asText());
        assertTrue(info.get("external_userid").asText().startsWith("wm"));
    }

    @Test
    void refusingRedirectsWithoutCodeAndPagesExpire() throws Exception {
        String key = openLogin(ssoLogin(CORP_ID, AGENT_ID, "st2", null));
        HttpResponse<String> refused = postForm("/wwlogin/sso/login/confirm", "key=" + key + "&action=deny");
        assertEquals(302, refused.statusCode());
        Map<String, String> params = query(refused.headers().firstValue("Location").orElseThrow());
        assertEquals("st2", params.get("state"));
        assertFalse(params.containsKey("code"));

        String late = openLogin(ssoLogin(CORP_ID, AGENT_ID, "st3", null));
        sandbox.state().advanceClock(Duration.ofMinutes(5));
        assertEquals(410, postForm("/wwlogin/sso/login/confirm", "key=" + late + "&user=zhangsan").statusCode());
        assertEquals("expired", getJson("/wwlogin/sso/poll?key=" + late).get("status").asText());
    }

    @Test
    void codesExpireAfterFiveMinutesAndAreBoundToTheirApp() throws Exception {
        String code = loginCode("lisi");
        String token = token();
        sandbox.state().advanceClock(Duration.ofMinutes(5));
        assertWeComError(userInfo(token, code), 40029);

        sandbox.state().putWeComApp(SandboxWeComApp.of(CORP_ID, 1000003, "second-secret", "Second"));
        String otherAppToken = getToken(CORP_ID, "second-secret").get("access_token").asText();
        String fresh = loginCode("lisi");
        assertWeComError(userInfo(otherAppToken, fresh), 40029);
        sandbox.state().putWeComApp(SandboxWeComApp.of("wwothercorp", 1000002, "other-secret", "Other"));
        assertWeComError(userInfo(getToken("wwothercorp", "other-secret").get("access_token").asText(), fresh), 40029);
        assertEquals("lisi", userInfo(token(), fresh).get("userid").asText(), "still good for its own app");
    }

    @Test
    void theControlApiConfirmsTheNewestLoginAndThePageLearnsOfIt() throws Exception {
        String key = openLogin(ssoLogin(CORP_ID, AGENT_ID, "st4", "en"));
        assertEquals(key, getJson("/sandbox/api/state").get("wecom").get("logins").get(0).get("key").asText());
        assertEquals("waiting", getJson("/wwlogin/sso/poll?key=" + key).get("status").asText());
        JsonNode done = postJson("/sandbox/api/wecom/login/confirm", "{\"userid\":\"wangwu\",\"corpId\":\"" + CORP_ID + "\"}");
        assertEquals(key, done.get("key").asText());
        assertEquals("confirmed", done.get("outcome").asText());
        assertTrue(done.get("member").asBoolean());
        JsonNode poll = getJson("/wwlogin/sso/poll?key=" + key);
        assertEquals("confirmed", poll.get("status").asText());
        assertEquals(done.get("redirect").asText(), poll.get("redirect").asText());
        assertEquals("wangwu", userInfo(token(), query(poll.get("redirect").asText()).get("code")).get("userid").asText());
        assertEquals(404, send("POST", "/sandbox/api/wecom/login/confirm", "application/json", "{\"userid\":\"wangwu\"}").statusCode());
        assertEquals(409, send("POST", "/sandbox/api/wecom/login/confirm", "application/json",
                "{\"userid\":\"wangwu\",\"key\":\"" + key + "\"}").statusCode());
    }

    @Test
    void trustedDomainsAreCheckedWhenSet() throws Exception {
        sandbox.state().putWeComApp(sandbox.state().weComApp(CORP_ID, AGENT_ID).orElseThrow().withTrustedDomain("sso.example.com"));
        openLogin(ssoLogin(CORP_ID, AGENT_ID, "s", null));
        sandbox.state().putWeComApp(sandbox.state().weComApp(CORP_ID, AGENT_ID).orElseThrow().withTrustedDomain("other.example.com"));
        assertErrorPage(ssoLogin(CORP_ID, AGENT_ID, "s", null), "redirect_uri需使用应用可信域名");
        assertErrorPage(authorize("snsapi_base", AGENT_ID, "s"), "redirect_uri需使用应用可信域名");

        // A code of an in-client link without agentid, redeemed by an app whose trusted domain is elsewhere: 50001.
        sandbox.state().putWeComApp(SandboxWeComApp.of(CORP_ID, 1000003, "second-secret", "Second"));
        session("zhangsan");
        HttpResponse<String> silent = get(authorize("snsapi_base", null, "s"));
        assertEquals(302, silent.statusCode(), silent.body());
        String code = query(silent.headers().firstValue("Location").orElseThrow()).get("code");
        assertWeComError(userInfo(token(), code), 50001);
        String second = getToken(CORP_ID, "second-secret").get("access_token").asText();
        assertEquals("zhangsan", userInfo(second, code).get("userid").asText(), "the code was not used up");
    }

    @Test
    void theLegacyQrConnectLinkIsDeprecated() throws Exception {
        HttpResponse<String> page = get("/wwopen/sso/qrConnect?appid=" + CORP_ID + "&agentid=" + AGENT_ID + "&redirect_uri="
                + enc(REDIRECT) + "&state=s");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("已废弃") && page.body().contains("/wwlogin/sso/login"), page.body());
    }

    // --- in-client OAuth -----------------------------------------------------------------------------

    @Test
    void snsapiBaseRedirectsAtOnceAsTheClientUser() throws Exception {
        session("lisi");
        HttpResponse<String> silent = get(authorize("snsapi_base", AGENT_ID, "b1") + "#wechat_redirect");
        assertEquals(302, silent.statusCode(), silent.body());
        Map<String, String> params = query(silent.headers().firstValue("Location").orElseThrow());
        assertEquals("b1", params.get("state"));
        JsonNode info = userInfo(token(), params.get("code"));
        assertEquals("lisi", info.get("userid").asText());
        assertFalse(info.has("user_ticket"), "snsapi_base gives no user_ticket");

        // Without agentid, snsapi_privateinfo is treated as snsapi_base: silent, no user_ticket.
        HttpResponse<String> noAgent = get(authorize("snsapi_privateinfo", null, "b2"));
        assertEquals(302, noAgent.statusCode(), noAgent.body());
        JsonNode baseInfo = userInfo(token(), query(noAgent.headers().firstValue("Location").orElseThrow()).get("code"));
        assertEquals("lisi", baseInfo.get("userid").asText());
        assertFalse(baseInfo.has("user_ticket"));

        session("outsider");
        HttpResponse<String> outsider = get(authorize("snsapi_base", AGENT_ID, "b3"));
        JsonNode outsiderInfo = userInfo(token(), query(outsider.headers().firstValue("Location").orElseThrow()).get("code"));
        assertEquals(sandbox.state().externalUseridOf(CORP_ID, "outsider"), outsiderInfo.get("external_userid").asText());
    }

    @Test
    void withoutAClientUserAPageAsksWhoIsUsingTheClient() throws Exception {
        HttpResponse<String> page = get(authorize("snsapi_base", AGENT_ID, "b4"));
        assertEquals(200, page.statusCode());
        for (String s : new String[] {"id=\"sandbox-user\"", "id=\"sandbox-allow\"", "id=\"sandbox-deny\"", "id=\"sandbox-silent-note\"",
                "value=\"zhangsan\"", "value=\"outsider\""}) {
            assertTrue(page.body().contains(s), s);
        }
        HttpResponse<String> chosen = postForm("/connect/oauth2/authorize/wecom/confirm", "appid=" + CORP_ID + "&agentid=" + AGENT_ID
                + "&redirect_uri=" + enc(REDIRECT) + "&scope=snsapi_base&state=b4&user=wangwu&action=allow");
        assertEquals(302, chosen.statusCode());
        assertEquals("wangwu", userInfo(token(), query(chosen.headers().firstValue("Location").orElseThrow()).get("code"))
                .get("userid").asText());
        HttpResponse<String> denied = postForm("/connect/oauth2/authorize/wecom/confirm", "appid=" + CORP_ID + "&agentid=" + AGENT_ID
                + "&redirect_uri=" + enc(REDIRECT) + "&scope=snsapi_base&state=b4&user=wangwu&action=deny");
        assertFalse(query(denied.headers().firstValue("Location").orElseThrow()).containsKey("code"));
        assertEquals(400, postForm("/connect/oauth2/authorize/wecom/confirm", "appid=" + CORP_ID
                + "&redirect_uri=" + enc(REDIRECT) + "&scope=snsapi_privateinfo&user=wangwu&action=allow").statusCode(),
                "privateinfo needs agentid");
    }

    @Test
    void authorizeChecksItsParameters() throws Exception {
        assertErrorPage(authorize("snsapi_userinfo", AGENT_ID, "s"), "scope 参数错误");
        assertErrorPage(authorize("snsapi_base", "1000099", "s"), "agentid 参数错误");
        assertErrorPage("/connect/oauth2/authorize?appid=" + CORP_ID + "&redirect_uri=" + enc(REDIRECT)
                + "&response_type=token&scope=snsapi_base", "response_type 参数错误");
        assertErrorPage("/connect/oauth2/authorize?appid=" + CORP_ID + "&redirect_uri=&response_type=code&scope=snsapi_base",
                "redirect_uri 参数错误");
        assertErrorPage(authorize("snsapi_base", AGENT_ID, "x".repeat(129)), "state 参数错误");
        // WeChat's Service Account still gets WeChat's page.
        HttpResponse<String> weChat = get("/connect/oauth2/authorize?appid=" + APP_ID + "&redirect_uri=" + enc(REDIRECT)
                + "&response_type=code&scope=snsapi_base&state=s");
        assertTrue(weChat.body().contains("/connect/oauth2/authorize/confirm\""), weChat.body());
    }

    @Test
    void snsapiPrivateinfoShowsAConsentPageAndYieldsAUserTicket() throws Exception {
        session("zhangsan");
        HttpResponse<String> page = get(authorize("snsapi_privateinfo", AGENT_ID, "p1"));
        assertEquals(200, page.statusCode(), "a consent page even with a client user");
        assertTrue(page.body().contains("data-scope=\"snsapi_privateinfo\""));
        assertTrue(page.body().contains("<option value=\"zhangsan\" data-member=\"true\" selected>"), page.body());
        assertFalse(page.body().contains("sandbox-silent-note"));

        String token = token();
        JsonNode info = userInfo(token, privateinfoCode("zhangsan"));
        assertEquals("zhangsan", info.get("userid").asText());
        String ticket = info.get("user_ticket").asText();
        assertTrue(!ticket.isEmpty() && ticket.length() <= 512);

        JsonNode detail = userDetail(token, ticket);
        assertEquals(0, detail.get("errcode").asInt());
        assertEquals("ok", detail.get("errmsg").asText());
        assertEquals("zhangsan", detail.get("userid").asText());
        assertEquals("1", detail.get("gender").asText());
        assertTrue(detail.get("gender").isTextual(), "gender is a string");
        assertEquals("13800000011", detail.get("mobile").asText());
        assertEquals("zhangsan@example.com", detail.get("email").asText());
        assertEquals("zhangsan@sandboxcorp.wecom.work", detail.get("biz_mail").asText());
        assertTrue(detail.has("address"));
        assertEquals(200, get(URI.create(detail.get("avatar").asText()).getRawPath()).statusCode());
        URI qr = URI.create(detail.get("qr_code").asText());
        assertEquals("/wwopen/userQRCode", qr.getPath());
        assertEquals(200, getBytes(qr.getRawPath() + "?" + qr.getRawQuery()).statusCode());
        assertEquals(1, sandbox.state().calls("auth/getuserdetail"));
        assertEquals(0, userDetail(token, ticket).get("errcode").asInt(), "a user_ticket is not single use");
    }

    @Test
    void getUserDetailLeavesOutWhatTheMemberDoesNotHave() throws Exception {
        String token = token();
        JsonNode lisi = userDetail(token, userInfo(token, privateinfoCode("lisi")).get("user_ticket").asText());
        assertEquals("13800000012", lisi.get("mobile").asText());
        assertFalse(lisi.has("email") || lisi.has("biz_mail") || lisi.has("address"), lisi.toString());
        JsonNode wangwu = userDetail(token, userInfo(token, privateinfoCode("wangwu")).get("user_ticket").asText());
        assertFalse(wangwu.has("mobile") || wangwu.has("email"), wangwu.toString());
        assertEquals("0", wangwu.get("gender").asText());
        assertTrue(wangwu.has("avatar") && wangwu.has("qr_code"));

        // Altered through the control API: the answer follows.
        putJson("/sandbox/api/wecom/members/wangwu", "{\"mobile\":\"13800000013\",\"email\":\"wangwu@example.com\"}");
        String ticket = userInfo(token, privateinfoCode("wangwu")).get("user_ticket").asText();
        JsonNode changed = userDetail(token, ticket);
        assertEquals("13800000013", changed.get("mobile").asText());
        assertEquals("wangwu@example.com", changed.get("email").asText());

        // An outsider gets no user_ticket.
        JsonNode outsider = userInfo(token, privateinfoCode("outsider"));
        assertFalse(outsider.has("user_ticket"));
        assertTrue(outsider.has("openid"));
    }

    @Test
    void userTicketsExpireAndBelongToTheirApp() throws Exception {
        String token = token();
        String ticket = userInfo(token, privateinfoCode("zhangsan")).get("user_ticket").asText();
        sandbox.state().putWeComApp(SandboxWeComApp.of(CORP_ID, 1000003, "second-secret", "Second"));
        assertWeComError(userDetail(getToken(CORP_ID, "second-secret").get("access_token").asText(), ticket), 40003);
        assertWeComError(userDetail(token, "bogus"), 40003);
        assertWeComError(postJson("/cgi-bin/auth/getuserdetail?access_token=" + enc(token), "{}"), 40003);
        HttpResponse<String> badJson = send("POST", "/cgi-bin/auth/getuserdetail?access_token=" + enc(token), "application/json", "{");
        assertWeComError(mapper.readTree(badJson.body()), 47001);
        assertWeComError(getJson("/cgi-bin/auth/getuserdetail?access_token=" + enc(token)), 43002);
        sandbox.state().advanceClock(Duration.ofSeconds(1799));
        assertEquals(0, userDetail(token(), ticket).get("errcode").asInt());
        sandbox.state().advanceClock(Duration.ofSeconds(1));
        assertWeComError(userDetail(token(), ticket), 40003);
    }

    // --- user/get ------------------------------------------------------------------------------------

    @Test
    void userGetAnswersNoSensitiveFields() throws Exception {
        String token = token();
        JsonNode user = getJson("/cgi-bin/user/get?access_token=" + enc(token) + "&userid=zhangsan");
        assertEquals(0, user.get("errcode").asInt());
        assertEquals("zhangsan", user.get("userid").asText());
        assertEquals("张三", user.get("name").asText());
        assertEquals(1, user.get("department").get(0).asInt());
        assertEquals("工程师 Engineer", user.get("position").asText());
        assertEquals(1, user.get("status").asInt());
        for (String field : new String[] {"mobile", "email", "biz_mail", "avatar", "gender", "qr_code", "address"}) {
            assertFalse(user.has(field), field + " is not answered since 2022-06-20");
        }
        JsonNode wangwu = getJson("/cgi-bin/user/get?access_token=" + enc(token) + "&userid=wangwu");
        assertEquals("[1,2]", wangwu.get("department").toString());
        assertEquals("[0,0]", wangwu.get("order").toString());
        assertEquals(1, wangwu.get("main_department").asInt());
        assertWeComError(getJson("/cgi-bin/user/get?access_token=" + enc(token) + "&userid=outsider"), 60111);
        assertWeComError(getJson("/cgi-bin/user/get?access_token=" + enc(token)), 41009);
        assertEquals(4, sandbox.state().calls("user/get"));
    }

    // --- faults --------------------------------------------------------------------------------------

    @Test
    void faultsUseWeComsWording() throws Exception {
        postJson("/sandbox/api/faults", "{\"api\":\"gettoken\",\"errcode\":60020}");
        JsonNode ip = getToken(CORP_ID, CORP_SECRET);
        assertEquals(60020, ip.get("errcode").asInt());
        assertTrue(Pattern.matches("not allow to access from your ip, hint: \\[[0-9]{25}\\], from ip: 127\\.0\\.0\\.1, "
                + "more info at https://open\\.work\\.weixin\\.qq\\.com/devtool/query\\?e=60020", ip.get("errmsg").asText()),
                ip.get("errmsg").asText());
        String token = token();

        postJson("/sandbox/api/faults", "{\"api\":\"auth/getuserinfo\",\"errcode\":40014}");
        String code = loginCode("zhangsan");
        JsonNode invalid = userInfo(token, code);
        assertTrue(invalid.get("errmsg").asText().startsWith("invalid access_token, hint: ["), invalid.toString());
        assertEquals("zhangsan", userInfo(token, code).get("userid").asText(), "a fault does not use up the code");

        // "*" leaves the login page alone; naming it faults it.
        postJson("/sandbox/api/faults", "{\"api\":\"*\",\"httpStatus\":500}");
        assertEquals(200, get(ssoLogin(CORP_ID, AGENT_ID, "s", null)).statusCode());
        assertEquals(500, get("/cgi-bin/user/get?access_token=" + enc(token) + "&userid=zhangsan").statusCode());
        postJson("/sandbox/api/faults", "{\"api\":\"sso/login\",\"httpStatus\":502}");
        assertEquals(502, get(ssoLogin(CORP_ID, AGENT_ID, "s", null)).statusCode());
        postJson("/sandbox/api/faults", "{\"api\":\"auth/getuserdetail\",\"errcode\":-1}");
        JsonNode busy = userDetail(token, "x");
        assertEquals(-1, busy.get("errcode").asInt());
        assertTrue(busy.get("errmsg").asText().startsWith("system busy, hint: ["));
    }
}
