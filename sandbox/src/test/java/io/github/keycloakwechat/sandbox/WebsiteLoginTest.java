package io.github.keycloakwechat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Open Platform website login: qrconnect, its confirmation, wxLogin.js and the sns/* exchange for website apps. */
class WebsiteLoginTest extends SandboxTestSupport {

    private static final String REDIRECT = "https://sso.example.com/realms/demo/broker/wechat-open/endpoint";
    private static final Pattern UUID = Pattern.compile("data-uuid=\"([A-Za-z0-9]+)\"");

    private static String qrconnect(String appId, String scope, String state) {
        return "/connect/qrconnect?appid=" + appId + "&redirect_uri=" + enc(REDIRECT) + "&response_type=code&scope=" + scope
                + (state == null ? "" : "&state=" + state);
    }

    /** Opens the qrconnect page; returns the uuid of its QR code. */
    private String openPage(String pathAndQuery) throws Exception {
        HttpResponse<String> page = get(pathAndQuery);
        assertEquals(200, page.statusCode());
        Matcher m = UUID.matcher(page.body());
        assertTrue(m.find(), page.body());
        return m.group(1);
    }

    private HttpResponse<String> postForm(String form, boolean json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/connect/qrconnect/confirm")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        if (json) {
            b.header("Accept", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Presses "confirm as {user}" on the page; returns the redirect's query parameters. */
    private Map<String, String> confirmOnPage(String uuid, String user) throws Exception {
        HttpResponse<String> response = postForm("uuid=" + uuid + "&user=" + user, false);
        assertEquals(302, response.statusCode(), response.body());
        return query(response.headers().firstValue("Location").orElseThrow());
    }

    private static Map<String, String> query(String location) {
        assertTrue(location.startsWith(REDIRECT + "?"), location);
        return Request.parsePairs(URI.create(location).getRawQuery()).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private JsonNode exchange(String appId, String secret, String code) throws Exception {
        HttpResponse<String> response = get("/sns/oauth2/access_token?appid=" + appId + "&secret=" + secret
                + "&code=" + code + "&grant_type=authorization_code");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain", response.headers().firstValue("Content-Type").orElse(""));
        return mapper.readTree(response.body());
    }

    private JsonNode userInfo(JsonNode token) throws Exception {
        return getJson("/sns/userinfo?access_token=" + enc(token.get("access_token").asText())
                + "&openid=" + token.get("openid").asText() + "&lang=zh_CN");
    }

    private String websiteCode(String user) throws Exception {
        return confirmOnPage(openPage(qrconnect(WEB_APP_ID, "snsapi_login", "s")), user).get("code");
    }

    // --- config --------------------------------------------------------------------------------------

    @Test
    void defaultsHaveAWebsiteAppAfterTheServiceAccount() {
        SandboxConfig defaults = SandboxConfig.defaults();
        assertEquals(APP_ID, defaults.apps().get(0).appId(), "the Service Account stays first");
        assertEquals(SandboxApp.SERVICE_ACCOUNT, defaults.apps().get(0).kind());
        SandboxApp web = defaults.apps().get(1);
        assertEquals(WEB_APP_ID, web.appId());
        assertEquals(WEB_SECRET, web.appSecret());
        assertEquals(SandboxApp.WEBSITE, web.kind());
        assertTrue(web.websiteApp() && web.openPlatformBound());
        assertEquals(null, web.token());
        assertEquals(null, web.callbackUrl());
    }

    @Test
    void configKindDefaultsToServiceAccountAndWebsiteAppsHaveNoPushSettings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sandbox.json");
        Files.writeString(file, """
                {"apps": [{"appId":"wxa","appSecret":"s","originalId":"gh_a","token":"t","messageMode":"plain"},
                          {"kind":"website","appId":"wxw","appSecret":"w","openPlatformBound":false,"name":"W"}]}
                """);
        SandboxConfig config = SandboxConfig.load(file);
        assertEquals(SandboxApp.SERVICE_ACCOUNT, config.apps().get(0).kind());
        assertEquals(SandboxApp.WEBSITE, config.apps().get(1).kind());
        assertFalse(config.apps().get(1).openPlatformBound());

        Files.writeString(file, "{\"apps\":[{\"kind\":\"website\",\"appId\":\"wxw\",\"appSecret\":\"w\",\"token\":\"t\"}]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SandboxConfig.load(file)).getMessage().contains("token"));
        Files.writeString(file, "{\"apps\":[{\"kind\":\"miniapp\",\"appId\":\"wxw\",\"appSecret\":\"w\"}]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SandboxConfig.load(file)).getMessage().contains("kind"));
    }

    @Test
    void controlApiCreatesWebsiteAppsAndShowsTheirKind() throws Exception {
        JsonNode created = putJson("/sandbox/api/apps/wxweb2", "{\"kind\":\"website\",\"appSecret\":\"web2-secret\","
                + "\"openPlatformBound\":false,\"name\":\"Second site\"}");
        assertEquals("website", created.get("kind").asText());
        assertFalse(created.get("openPlatformBound").asBoolean());
        assertTrue(sandbox.state().app("wxweb2").orElseThrow().websiteApp());
        // Merging keeps the kind; push settings are refused for a website app.
        assertEquals("website", putJson("/sandbox/api/apps/wxweb2", "{\"name\":\"Renamed\"}").get("kind").asText());
        assertEquals(400, send("PUT", "/sandbox/api/apps/wxweb2", "application/json",
                "{\"callbackUrl\":\"http://127.0.0.1:9/push\"}").statusCode());

        JsonNode state = getJson("/sandbox/api/state");
        assertEquals("service-account", state.get("apps").get(0).get("kind").asText());
        assertEquals("website", state.get("apps").get(1).get("kind").asText());
        JsonNode aliceApps = state.get("users").get(0).get("apps");
        assertEquals(sandbox.state().openidOf("alice", WEB_APP_ID), aliceApps.get(WEB_APP_ID).get("openid").asText());
        assertFalse(aliceApps.get(WEB_APP_ID).has("follows"), "website apps have no followers");

        // Java, as the integration tests do it.
        sandbox.state().putApp(SandboxApp.website("wxweb3", "web3-secret", true, "Third site"));
        assertEquals(SandboxApp.WEBSITE, sandbox.state().app("wxweb3").orElseThrow().kind());
    }

    // --- qrconnect checks ----------------------------------------------------------------------------

    @Test
    void qrconnectShowsAConfirmButtonPerPersonAndIsCounted() throws Exception {
        HttpResponse<String> page = get(qrconnect(WEB_APP_ID, "snsapi_login", "abc") + "#wechat_redirect");
        assertEquals(200, page.statusCode());
        for (String id : new String[] {"id=\"confirm-alice\"", "id=\"confirm-bob\"", "id=\"confirm-carol\"", "id=\"sandbox-deny\"",
                "id=\"sandbox-qrcode\"", "id=\"sandbox-qrconnect\"", "使用微信扫一扫登录", "Sandbox Website", "张三"}) {
            assertTrue(page.body().contains(id), id);
        }
        assertEquals(1, sandbox.state().calls("qrconnect"));
        String uuid = openPage(qrconnect(WEB_APP_ID, "snsapi_login", "abc"));
        HttpResponse<byte[]> image = getBytes("/connect/qrcode/" + uuid);
        assertEquals(200, image.statusCode());
        assertEquals("image/jpeg", image.headers().firstValue("Content-Type").orElse(""));
        assertEquals(uuid, sandbox.state().pendingWebsiteLogins().get(0).uuid());

        HttpResponse<String> english = get(qrconnect(WEB_APP_ID, "snsapi_login", "abc") + "&lang=en");
        assertTrue(english.body().contains("Scan with WeChat to log in"), english.body());
        assertTrue(english.body().contains("Confirm as 张三 (alice)"));
        assertTrue(english.body().contains("<html lang=\"en\">"));
    }

    @Test
    void qrconnectChecksAppidOrderRedirectAndScopeLikeWeChat() throws Exception {
        assertError(qrconnect(WEB_APP_ID, "snsapi_userinfo", "s"), "Scope 参数错误或没有 Scope 权限");
        assertError(qrconnect(WEB_APP_ID, "snsapi_base", "s"), "Scope 参数错误或没有 Scope 权限");
        assertError(qrconnect(APP_ID, "snsapi_login", "s"), "appid 参数错误");
        assertError(qrconnect("wxnosuchapp", "snsapi_login", "s"), "appid 参数错误");
        assertError("/connect/qrconnect?redirect_uri=" + enc(REDIRECT) + "&response_type=code&scope=snsapi_login", "appid 参数错误");
        assertError("/connect/qrconnect?redirect_uri=" + enc(REDIRECT) + "&appid=" + WEB_APP_ID
                + "&response_type=code&scope=snsapi_login&state=s", "参数错误");
        assertError("/connect/qrconnect?appid=" + WEB_APP_ID + "&redirect_uri=" + enc(REDIRECT)
                + "&response_type=code&state=s&scope=snsapi_login", "参数错误");
        assertError("/connect/qrconnect?appid=" + WEB_APP_ID + "&redirect_uri=" + enc("ftp://sso.example.com/x")
                + "&response_type=code&scope=snsapi_login&state=s", "redirect_uri 参数错误");
        assertError("/connect/qrconnect?appid=" + WEB_APP_ID + "&redirect_uri=&response_type=code&scope=snsapi_login",
                "redirect_uri 参数错误");
        assertError("/connect/qrconnect?appid=" + WEB_APP_ID + "&redirect_uri=" + enc(REDIRECT)
                + "&response_type=token&scope=snsapi_login", "参数错误");
        assertTrue(sandbox.state().pendingWebsiteLogins().isEmpty());

        // The other way round: in-WeChat OAuth refuses a website app's AppID (WeChat's 10016).
        HttpResponse<String> authorize = get("/connect/oauth2/authorize?appid=" + WEB_APP_ID + "&redirect_uri=" + enc(REDIRECT)
                + "&response_type=code&scope=snsapi_userinfo&state=s");
        assertTrue(authorize.body().contains("该链接无法访问") && authorize.body().contains("10016"), authorize.body());
    }

    private void assertError(String pathAndQuery, String message) throws Exception {
        HttpResponse<String> page = get(pathAndQuery);
        assertEquals(200, page.statusCode(), "WeChat answers with a 200 error page");
        assertTrue(page.body().contains("id=\"sandbox-error-message\">" + message) || page.body().contains(message), page.body());
        assertTrue(page.body().contains("参数错误"), page.body());
        assertFalse(page.body().contains("confirm-alice"), pathAndQuery);
    }

    // --- confirm and exchange ------------------------------------------------------------------------

    @Test
    void confirmRedirectsWithCodeAndStateAndTheCodeIsExchangedOnce() throws Exception {
        String uuid = openPage(qrconnect(WEB_APP_ID, "snsapi_login", "st-9"));
        Map<String, String> params = confirmOnPage(uuid, "alice");
        assertEquals("st-9", params.get("state"));
        String code = params.get("code");

        JsonNode token = exchange(WEB_APP_ID, WEB_SECRET, code);
        assertEquals(sandbox.state().openidOf("alice", WEB_APP_ID), token.get("openid").asText());
        assertEquals(sandbox.state().unionidOf("alice"), token.get("unionid").asText());
        assertEquals("snsapi_login", token.get("scope").asText());
        assertEquals(7200, token.get("expires_in").asInt());
        assertTrue(token.has("refresh_token"));

        JsonNode again = exchange(WEB_APP_ID, WEB_SECRET, code);
        assertEquals(40163, again.get("errcode").asInt());
        assertTrue(again.get("errmsg").asText().startsWith("code been used"));

        JsonNode info = userInfo(token);
        assertEquals(token.get("openid").asText(), info.get("openid").asText());
        assertEquals("张三", info.get("nickname").asText());
        for (String field : new String[] {"sex", "province", "city", "country", "headimgurl"}) {
            assertTrue(info.has(field), field);
        }
        assertTrue(info.get("privilege").isArray() && info.get("privilege").isEmpty());
        assertEquals(sandbox.state().unionidOf("alice"), info.get("unionid").asText());

        // The page's QR code is single use, and the poll reports where the browser went.
        assertEquals(409, postForm("uuid=" + uuid + "&user=bob", false).statusCode());
        JsonNode poll = getJson("/connect/qrconnect/poll?uuid=" + uuid);
        assertEquals("confirmed", poll.get("status").asText());
        assertEquals("self", poll.get("target").asText());
        assertTrue(poll.get("redirect").asText().contains("code=" + code));
        assertEquals(404, getBytes("/connect/qrcode/" + uuid).statusCode());
    }

    @Test
    void websiteCodeErrors() throws Exception {
        String code = websiteCode("bob");
        assertEquals(40029, exchange(APP_ID, SECRET, code).get("errcode").asInt(),
                "a website app's code cannot be redeemed by another app");
        assertEquals(40125, exchange(WEB_APP_ID, SECRET, code).get("errcode").asInt(), "wrong secret");
        assertEquals(40029, exchange(WEB_APP_ID, WEB_SECRET, "nosuchcode").get("errcode").asInt());
        assertEquals(41008, getJson("/sns/oauth2/access_token?appid=" + WEB_APP_ID + "&secret=" + WEB_SECRET
                + "&grant_type=authorization_code").get("errcode").asInt());
        assertEquals(40013, exchange("wxnosuchapp", WEB_SECRET, code).get("errcode").asInt());
        sandbox.state().advanceClock(Duration.ofSeconds(301));
        assertEquals(42003, exchange(WEB_APP_ID, WEB_SECRET, code).get("errcode").asInt(), "codes live 5 minutes");

        // A Service Account code is not a website code either.
        String form = "appid=" + APP_ID + "&redirect_uri=" + enc(REDIRECT) + "&scope=snsapi_userinfo&state=s&user=bob&action=allow";
        String mpCode = query(send("POST", "/connect/oauth2/authorize/confirm", "application/x-www-form-urlencoded", form)
                .headers().firstValue("Location").orElseThrow()).get("code");
        assertEquals(40029, exchange(WEB_APP_ID, WEB_SECRET, mpCode).get("errcode").asInt());
    }

    @Test
    void samePersonHasOneUnionidAcrossTheServiceAccountAndTheWebsiteButTwoOpenids() throws Exception {
        String form = "appid=" + APP_ID + "&redirect_uri=" + enc(REDIRECT) + "&scope=snsapi_userinfo&state=s&user=carol&action=allow";
        String mpCode = query(send("POST", "/connect/oauth2/authorize/confirm", "application/x-www-form-urlencoded", form)
                .headers().firstValue("Location").orElseThrow()).get("code");
        JsonNode mp = exchange(APP_ID, SECRET, mpCode);
        JsonNode web = exchange(WEB_APP_ID, WEB_SECRET, websiteCode("carol"));

        assertEquals(mp.get("unionid").asText(), web.get("unionid").asText());
        assertEquals(sandbox.state().unionidOf("carol"), web.get("unionid").asText());
        assertNotEquals(mp.get("openid").asText(), web.get("openid").asText());
        assertEquals(sandbox.state().openidOf("carol", WEB_APP_ID), web.get("openid").asText());
        assertEquals(sandbox.state().openidOf("carol", APP_ID), mp.get("openid").asText());
    }

    @Test
    void unboundWebsiteAppReturnsNoUnionid() throws Exception {
        putJson("/sandbox/api/apps/wxwebunbound", "{\"kind\":\"website\",\"appSecret\":\"unbound-secret\",\"openPlatformBound\":false}");
        String uuid = openPage(qrconnect("wxwebunbound", "snsapi_login", "s"));
        JsonNode token = exchange("wxwebunbound", "unbound-secret", confirmOnPage(uuid, "alice").get("code"));
        assertFalse(token.has("unionid"), token.toString());
        assertEquals(sandbox.state().openidOf("alice", "wxwebunbound"), token.get("openid").asText());
        JsonNode info = userInfo(token);
        assertEquals("张三", info.get("nickname").asText());
        assertFalse(info.has("unionid"), info.toString());
    }

    @Test
    void denyAndExpiry() throws Exception {
        String uuid = openPage(qrconnect(WEB_APP_ID, "snsapi_login", "s7"));
        HttpResponse<String> denied = postForm("uuid=" + uuid + "&action=deny", false);
        assertEquals(302, denied.statusCode());
        assertEquals(REDIRECT + "?state=s7", denied.headers().firstValue("Location").orElseThrow());

        String noState = openPage(qrconnect(WEB_APP_ID, "snsapi_login", null));
        Map<String, String> params = confirmOnPage(noState, "bob");
        assertFalse(params.containsKey("state"));

        String late = openPage(qrconnect(WEB_APP_ID, "snsapi_login", "s"));
        sandbox.state().advanceClock(QrConnectService.LOGIN_LIFETIME.plusSeconds(1));
        assertEquals(410, postForm("uuid=" + late + "&user=alice", false).statusCode());
        assertEquals("expired", getJson("/connect/qrconnect/poll?uuid=" + late).get("status").asText());
        assertEquals(404, postForm("uuid=nosuchuuid&user=alice", false).statusCode());
    }

    // --- wxLogin.js iframe ---------------------------------------------------------------------------

    /** The link wxLogin.js builds: its own order, no response_type. */
    private String jssdkLink(String selfRedirect) {
        return "/connect/qrconnect?appid=" + WEB_APP_ID + "&scope=snsapi_login&redirect_uri=" + enc(REDIRECT)
                + "&state=js1&login_type=jssdk&self_redirect=" + selfRedirect + "&styletype=&sizetype=&bgcolor=&rst=&style=white";
    }

    @Test
    void insideTheWxLoginIframeTheTopWindowNavigates() throws Exception {
        String uuid = openPage(jssdkLink("false"));
        HttpResponse<String> top = postForm("uuid=" + uuid + "&user=alice", false);
        assertEquals(200, top.statusCode());
        Matcher m = Pattern.compile("window\\.top\\.location\\.href = \"([^\"]+)\"").matcher(top.body());
        assertTrue(m.find(), top.body());
        String target = m.group(1).replace("\\u0026", "&");
        Map<String, String> params = query(target);
        assertEquals("js1", params.get("state"));
        assertTrue(exchange(WEB_APP_ID, WEB_SECRET, params.get("code")).has("openid"));
        assertTrue(top.body().contains("id=\"sandbox-continue\" target=\"_top\""));

        // The page's script (fetch, as wxLogin.js's iframe may not submit forms) gets the target as JSON.
        String byScript = openPage(jssdkLink("default"));
        HttpResponse<String> json = postForm("uuid=" + byScript + "&user=bob", true);
        assertEquals(200, json.statusCode());
        JsonNode answer = mapper.readTree(json.body());
        assertEquals("top", answer.get("target").asText());
        assertEquals("js1", query(answer.get("redirect").asText()).get("state"));

        String self = openPage(jssdkLink("true"));
        HttpResponse<String> redirect = postForm("uuid=" + self + "&user=carol", false);
        assertEquals(302, redirect.statusCode(), "self_redirect=true: the iframe itself navigates");
        assertEquals("js1", query(redirect.headers().firstValue("Location").orElseThrow()).get("state"));
    }

    @Test
    void thePhoneConfirmsTheNewestWebsiteLoginAndThePageLearnsOfIt() throws Exception {
        String uuid = openPage(jssdkLink("false"));
        JsonNode state = getJson("/sandbox/api/state");
        assertEquals(uuid, state.get("websiteLogins").get(0).get("uuid").asText());
        assertEquals(WEB_APP_ID, state.get("websiteLogins").get(0).get("appId").asText());
        assertTrue(get("/sandbox/phone").body().contains("class=\"phone-web-confirm\" data-uuid=\"" + uuid + "\""));
        assertEquals("waiting", getJson("/connect/qrconnect/poll?uuid=" + uuid).get("status").asText());

        JsonNode result = postJson("/sandbox/api/qrconnect/confirm", "{\"user\":\"bob\",\"appId\":\"" + WEB_APP_ID + "\"}");
        assertEquals(uuid, result.get("uuid").asText());
        assertEquals("confirmed", result.get("outcome").asText());
        assertEquals(sandbox.state().openidOf("bob", WEB_APP_ID), result.get("openid").asText());

        JsonNode poll = getJson("/connect/qrconnect/poll?uuid=" + uuid);
        assertEquals("confirmed", poll.get("status").asText());
        assertEquals("top", poll.get("target").asText());
        assertEquals(result.get("redirect").asText(), poll.get("redirect").asText());
        String code = query(poll.get("redirect").asText()).get("code");
        assertEquals(sandbox.state().openidOf("bob", WEB_APP_ID), exchange(WEB_APP_ID, WEB_SECRET, code).get("openid").asText());

        assertEquals(404, send("POST", "/sandbox/api/qrconnect/confirm", "application/json", "{\"user\":\"bob\"}").statusCode(),
                "nothing left to confirm");
        assertEquals(409, send("POST", "/sandbox/api/qrconnect/confirm", "application/json",
                "{\"user\":\"bob\",\"uuid\":\"" + uuid + "\"}").statusCode());
        assertEquals(400, send("POST", "/sandbox/api/follow", "application/json",
                "{\"user\":\"bob\",\"appId\":\"" + WEB_APP_ID + "\"}").statusCode(), "a website app has no followers");
    }

    @Test
    void wxLoginJsBuildsWeChatsIframe() throws Exception {
        HttpResponse<String> script = get("/connect/zh_CN/htmledition/js/wxLogin.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("application/javascript"));
        String js = script.body();
        assertTrue(js.contains("window.WxLogin = WxLogin"));
        assertTrue(js.contains("var ORIGIN = \"" + sandbox.baseUrl() + "\""), js);
        assertTrue(js.contains("ORIGIN + \"/connect/qrconnect?appid=\" + options.appid + \"&scope=\" + options.scope"));
        assertTrue(js.contains("\"&redirect_uri=\" + options.redirect_uri + \"&state=\""));
        assertTrue(js.contains("&login_type=jssdk&self_redirect=\" + selfRedirect"));
        assertTrue(js.contains("\"allow-scripts allow-top-navigation allow-same-origin\""));
        assertTrue(js.contains("iframe.width = \"300px\"") && js.contains("iframe.height = \"400px\""));
        assertEquals(js, get("/connect/en/htmledition/js/wxLogin.js").body());
        assertEquals(2, sandbox.state().calls("wxLogin.js"));
    }

    /** Runs wxLogin.js in Node (when installed) with a tiny DOM, then loads the iframe it built. */
    @Test
    void wxLoginJsRunsAndItsIframeOpensTheQrPage(@TempDir Path dir) throws Exception {
        String node = findNode();
        // Node.js is on every machine this project builds on; a missing one fails rather than skipping the check.
        org.junit.jupiter.api.Assertions.assertNotNull(node, "node (Node.js) is not on the PATH; it runs wxLogin.js here");
        Path script = dir.resolve("wxLogin.js");
        Files.writeString(script, get("/connect/zh_CN/htmledition/js/wxLogin.js").body());
        Path runner = dir.resolve("run.js");
        Files.writeString(runner, """
                const fs = require('fs');
                const made = [];
                const container = { innerHTML: 'old', appendChild(e) { made.push(e); } };
                global.window = {};
                global.document = {
                  createElement(tag) { return { tag, attrs: {}, setAttribute(k, v) { this.attrs[k] = v; } }; },
                  getElementById(id) { if (id !== 'login_container') throw new Error('id ' + id); return container; }
                };
                eval(fs.readFileSync(process.argv[2], 'utf8'));
                new window.WxLogin({ self_redirect: false, id: 'login_container', appid: '%s', scope: 'snsapi_login',
                  redirect_uri: encodeURIComponent('%s'), state: 'st-js', style: 'black', href: '', lang: 'en' });
                const f = made[0];
                console.log(JSON.stringify({ src: f.src, frameBorder: f.frameBorder, allowTransparency: f.allowTransparency,
                  width: f.width, height: f.height, sandbox: f.attrs.sandbox, cleared: container.innerHTML === '' }));
                """.formatted(WEB_APP_ID, REDIRECT));
        Process process = new ProcessBuilder(node, runner.toString(), script.toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        JsonNode iframe = mapper.readTree(out);
        assertEquals(sandbox.baseUrl() + "/connect/qrconnect?appid=" + WEB_APP_ID + "&scope=snsapi_login&redirect_uri="
                + enc(REDIRECT).replace("+", "%20") + "&state=st-js&login_type=jssdk&self_redirect=false"
                + "&styletype=&sizetype=&bgcolor=&rst=&style=black&lang=en", iframe.get("src").asText());
        assertEquals("0", iframe.get("frameBorder").asText());
        assertEquals("true", iframe.get("allowTransparency").asText());
        assertEquals("300px", iframe.get("width").asText());
        assertEquals("400px", iframe.get("height").asText());
        assertEquals("allow-scripts allow-top-navigation allow-same-origin", iframe.get("sandbox").asText());
        assertTrue(iframe.get("cleared").asBoolean());

        String src = iframe.get("src").asText().substring(sandbox.baseUrl().length());
        HttpResponse<String> page = get(src);
        assertTrue(page.body().contains("id=\"confirm-alice\""), page.body());
        assertTrue(page.body().contains("data-target=\"top\"") && page.body().contains("Scan with WeChat to log in"));
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

    // --- faults and what website apps cannot do -------------------------------------------------------

    @Test
    void faultsApplyToWebsiteExchangesButWildcardsSpareTheLoginPage() throws Exception {
        String code = websiteCode("alice");
        postJson("/sandbox/api/faults", "{\"api\":\"sns/oauth2/access_token\",\"errcode\":-1}");
        assertEquals(-1, exchange(WEB_APP_ID, WEB_SECRET, code).get("errcode").asInt());
        assertTrue(exchange(WEB_APP_ID, WEB_SECRET, code).has("openid"), "the fault did not consume the code");

        postJson("/sandbox/api/faults", "{\"api\":\"*\",\"httpStatus\":500}");
        assertEquals(200, get(qrconnect(WEB_APP_ID, "snsapi_login", "s")).statusCode(), "\"*\" spares the browser's page");
        assertEquals(500, get("/sns/userinfo?access_token=x&openid=y").statusCode());

        postJson("/sandbox/api/faults", "{\"api\":\"qrconnect\",\"httpStatus\":503}");
        assertEquals(503, get(qrconnect(WEB_APP_ID, "snsapi_login", "s")).statusCode(), "named, it applies");
    }

    @Test
    void websiteAppsHaveNoQrCodesOrFollowers() throws Exception {
        JsonNode token = postJson("/cgi-bin/stable_token",
                "{\"grant_type\":\"client_credential\",\"appid\":\"" + WEB_APP_ID + "\",\"secret\":\"" + WEB_SECRET + "\"}");
        String accessToken = token.get("access_token").asText();
        assertEquals(48001, createQrRaw(accessToken).get("errcode").asInt());
        assertEquals(48001, getJson("/cgi-bin/user/info?access_token=" + enc(accessToken) + "&openid="
                + sandbox.state().openidOf("alice", WEB_APP_ID)).get("errcode").asInt());
    }

    private JsonNode createQrRaw(String accessToken) throws Exception {
        return postJson("/cgi-bin/qrcode/create?access_token=" + enc(accessToken),
                "{\"expire_seconds\":60,\"action_name\":\"QR_STR_SCENE\",\"action_info\":{\"scene\":{\"scene_str\":\"x\"}}}");
    }
}
