package io.github.keycloakwechat.sandbox;

import java.util.List;

/**
 * GET /sandbox/miniprogram: stands in for a Mini Program running on a person's phone. Pick a Mini Program and a
 * person; "wx.login()" mints a login code and "getPhoneNumber" a phone code (through the control API), ready to
 * paste into a call of Keycloak's token endpoint, whose curl command the page shows.
 *
 * <p>Query parameters: {@code app}, {@code user} (preselected), {@code keycloak} (a realm URL such as
 * {@code http://localhost:8080/realms/demo}, or a server URL, then with {@code realm}) and {@code client_id}, which
 * fill in the curl command; without them it shows placeholders.
 */
final class MiniProgramPage {

    /** The grant type of the extension's Mini Program login at Keycloak's token endpoint. */
    static final String GRANT_TYPE = "urn:io.github.keycloakwechat:grant-type:miniprogram";
    static final String KEYCLOAK_PLACEHOLDER = "KEYCLOAK_URL";
    static final String REALM_PLACEHOLDER = "REALM";
    static final String CLIENT_PLACEHOLDER = "CLIENT_ID";
    static final String LOGIN_CODE_PLACEHOLDER = "LOGIN_CODE";

    private final SandboxState state;

    MiniProgramPage(SandboxState state) {
        this.state = state;
    }

    Response render(Request request) {
        List<SandboxApp> apps = state.apps().stream().filter(SandboxApp::miniProgramApp).toList();
        List<SandboxUser> users = state.users();
        String askedApp = request.param("app");
        String selectedApp = apps.stream().map(SandboxApp::appId).filter(id -> id.equals(askedApp)).findFirst()
                .orElse(apps.isEmpty() ? "" : apps.get(0).appId());
        String selectedUser = request.param("user");
        if (selectedUser == null || state.user(selectedUser).isEmpty()) {
            selectedUser = users.isEmpty() ? "" : users.get(0).id();
        }

        StringBuilder appOptions = new StringBuilder();
        for (SandboxApp app : apps) {
            appOptions.append("<option value=\"").append(Html.esc(app.appId())).append('"')
                    .append(app.appId().equals(selectedApp) ? " selected" : "").append('>')
                    .append(Html.esc(app.name())).append(" (").append(Html.esc(app.appId())).append(")</option>");
        }
        StringBuilder userOptions = new StringBuilder();
        for (SandboxUser user : users) {
            userOptions.append("<option value=\"").append(Html.esc(user.id())).append('"')
                    .append(" data-phone=\"").append(Html.esc(user.hasPhone() ? user.phone() : "")).append('"')
                    .append(user.id().equals(selectedUser) ? " selected" : "").append('>')
                    .append(Html.esc(user.nickname())).append(" (").append(Html.esc(user.id())).append(") · ")
                    .append(Html.esc(user.hasPhone() ? user.phone() : "无手机号 / no phone")).append("</option>");
        }

        String tokenUrl = tokenEndpoint(request.param("keycloak"), request.param("realm"));
        String clientId = request.param("client_id");
        String curlHead = curlHead(tokenUrl, clientId == null || clientId.isBlank() ? CLIENT_PLACEHOLDER : clientId);

        String picker = apps.isEmpty()
                ? "<p id=\"mp-no-app\" class=\"error\">没有小程序 / No Mini Program is configured. Add one: "
                        + "<code>PUT /sandbox/api/apps/{appId} {\"kind\":\"miniprogram\",\"appSecret\":\"…\"}</code></p>"
                : "<p><label for=\"mp-app\">小程序 / Mini Program: </label><select id=\"mp-app\">" + appOptions + "</select></p>"
                        + "<p><label for=\"mp-user\">我是 / I am: </label><select id=\"mp-user\">" + userOptions + "</select></p>";
        String disabled = apps.isEmpty() ? " disabled" : "";
        String body = "<main class=\"mp\">"
                + "<div class=\"card\"><h1>小程序登录 / Mini Program login</h1>"
                + "<p class=\"muted\">模拟小程序在手机上运行：<code>wx.login()</code> 得到登录 code，手机号快速验证按钮得到手机号 code。"
                + "每个 code 只能使用一次，5 分钟内有效。/ Plays a Mini Program on a person's phone: <code>wx.login()</code> "
                + "gives a login code, the getPhoneNumber button a phone code. Each code works once, for 5 minutes.</p>"
                + picker
                + "<p><button type=\"button\" id=\"mp-login\"" + disabled + ">wx.login() · 获取登录 code / Get a login code</button> "
                + "<button type=\"button\" id=\"mp-phone\" class=\"secondary\"" + disabled
                + ">getPhoneNumber · 获取手机号 code / Get a phone code</button></p>"
                + "<p id=\"mp-status\" class=\"muted\"></p>"
                + "<p>登录 code / Login code (<code>code</code>): <code id=\"mp-login-code\"></code></p>"
                + "<p>手机号 code / Phone code (<code>phone_code</code>): <code id=\"mp-phone-code\"></code></p></div>"
                + "<div class=\"card\"><h2>换取 Keycloak 令牌 / Exchange them at Keycloak</h2>"
                + "<pre id=\"mp-curl\">" + Html.esc(curl(curlHead, LOGIN_CODE_PLACEHOLDER, null)) + "</pre>"
                + "<p class=\"muted\">Keycloak 用 <code>sns/jscode2session</code> 换取 openid/unionid，用 "
                + "<code>wxa/business/getuserphonenumber</code> 换取手机号。机密客户端再加 / Keycloak redeems the login code with "
                + "<code>sns/jscode2session</code> (openid, unionid) and the phone code with "
                + "<code>wxa/business/getuserphonenumber</code>. For a confidential client add "
                + "<code>--data-urlencode 'client_secret=…'</code>. "
                + "URL: <code>?keycloak=http://localhost:8080/realms/demo&amp;client_id=…</code></p></div>"
                + "<p><a href=\"/sandbox/phone\">沙箱手机 / Sandbox phone</a> · <a href=\"/\">首页 / Home</a></p>"
                + "</main><style>" + CSS + "</style><script>var CURL_HEAD = " + Html.jsString(curlHead) + ";" + SCRIPT
                + "</script>";
        return Response.html(200, Html.page("小程序登录 / Mini Program login", body));
    }

    /**
     * The token endpoint: {@code keycloak} as a realm URL ({@code …/realms/demo}), or a server URL completed with
     * {@code realm}; placeholders for what is missing or not an http(s) URL.
     */
    static String tokenEndpoint(String keycloak, String realm) {
        String base = keycloak == null ? "" : keycloak.strip();
        if (!base.isEmpty()) {
            try {
                SandboxApp.validateHttpUrl(base, "keycloak");
            } catch (IllegalArgumentException e) {
                base = "";
            }
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.isEmpty()) {
            base = KEYCLOAK_PLACEHOLDER;
        }
        if (!base.contains("/realms/")) {
            base += "/realms/" + (realm == null || realm.isBlank() ? REALM_PLACEHOLDER : realm.strip());
        }
        return base + "/protocol/openid-connect/token";
    }

    static String curlHead(String tokenUrl, String clientId) {
        return "curl -s -X POST " + shellQuote(tokenUrl) + " \\\n"
                + "  -d " + shellQuote("grant_type=" + GRANT_TYPE) + " \\\n"
                + "  --data-urlencode " + shellQuote("client_id=" + clientId);
    }

    /** The whole command; codes are letters and digits, so they need no quoting beyond the head's. */
    static String curl(String head, String loginCode, String phoneCode) {
        return head + " \\\n  -d 'code=" + loginCode + "'" + (phoneCode == null ? "" : " \\\n  -d 'phone_code=" + phoneCode + "'");
    }

    /** A POSIX shell single-quoted word. */
    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static final String CSS = """
            .mp{max-width:640px}
            #mp-curl{background:#f6f6f6;padding:8px;border-radius:6px;white-space:pre-wrap;word-break:break-all;font-size:13px}
            """;

    /** Plain DOM code; values go in through textContent only. */
    private static final String SCRIPT = """
            (function(){
              var appSel = document.getElementById('mp-app');
              var userSel = document.getElementById('mp-user');
              if (!appSel || !userSel) return;
              var status = document.getElementById('mp-status');
              var loginOut = document.getElementById('mp-login-code');
              var phoneOut = document.getElementById('mp-phone-code');
              var phoneBtn = document.getElementById('mp-phone');
              function render() {
                var cmd = CURL_HEAD + ' \\\\\\n  -d \\'code=' + (loginOut.textContent || 'LOGIN_CODE') + '\\'';
                if (phoneOut.textContent) cmd += ' \\\\\\n  -d \\'phone_code=' + phoneOut.textContent + '\\'';
                document.getElementById('mp-curl').textContent = cmd;
              }
              function reset() {
                loginOut.textContent = ''; phoneOut.textContent = ''; status.textContent = '';
                var opt = userSel.options[userSel.selectedIndex];
                phoneBtn.disabled = !(opt && opt.dataset.phone);
                phoneBtn.title = phoneBtn.disabled ? '此人没有手机号 / This person has no phone number' : '';
                render();
              }
              function mint(path, out, what) {
                status.textContent = '';
                fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                  body: JSON.stringify({ appId: appSel.value, user: userSel.value }) })
                  .then(function(r){ return r.json().then(function(j){ return { ok: r.ok, body: j }; }); })
                  .then(function(res){
                    if (!res.ok) { status.textContent = res.body.error || 'error'; return; }
                    out.textContent = res.body.code;
                    status.textContent = what + ' · ' + res.body.expiresIn + ' s · openid ' + res.body.openid;
                    render();
                  })
                  .catch(function(e){ status.textContent = String(e); });
              }
              appSel.addEventListener('change', reset);
              userSel.addEventListener('change', reset);
              document.getElementById('mp-login').addEventListener('click', function(){
                mint('/sandbox/api/miniprogram/login', loginOut, '登录 code / login code');
              });
              phoneBtn.addEventListener('click', function(){
                mint('/sandbox/api/miniprogram/phone-code', phoneOut, '手机号 code / phone code');
              });
              reset();
            })();
            """;
}
