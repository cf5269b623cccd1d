package io.github.keycloakwechat.sandbox;

import java.net.URI;
import java.util.List;

/**
 * WeCom's pages: the web login page ({@code wwlogin/sso/login}) in Chinese ({@code lang=zh}, the default) or English
 * ({@code lang=en}), its error page, and the in-client OAuth page (who is using the WeCom client / consent to
 * snsapi_privateinfo).
 */
final class WeComPages {

    private WeComPages() {
    }

    /** The texts of the login page in one language. */
    private record Texts(String htmlLang, String title, String scan, String sandboxNote, String confirmAs,
                         String confirmAsOutsider, String deny, String expired, String redirecting, String failed,
                         String invalid) {
    }

    private static final Texts ZH = new Texts("zh-CN", "企业微信登录", "请使用企业微信扫描二维码登录",
            "沙箱：这里没有人能扫码。请选择以哪位成员（或非企业成员）的身份确认登录。",
            "以 %s 身份确认登录", "以 %s 身份确认登录（非企业成员）", "拒绝", "二维码已失效，请刷新页面", "已确认，正在跳转…",
            "登录失败", "参数错误");
    private static final Texts EN = new Texts("en", "WeCom Login", "Scan the QR code with WeCom to log in",
            "Sandbox: nobody can scan here. Confirm as one of the corp's members (or as somebody who is not a member).",
            "Confirm as %s", "Confirm as %s — not a member", "Refuse", "QR code expired, please refresh the page",
            "Confirmed, redirecting…", "Login failed", "Invalid parameter");

    private static Texts texts(String lang) {
        return "en".equals(lang) ? EN : ZH;
    }

    /** A bad link (HTTP 200): WeCom's message in the page's language, and the sandbox's reason. */
    static String error(String zhMessage, String enMessage, String reason, String lang) {
        Texts t = texts(lang);
        return Html.page(t.htmlLang(), t.invalid(), "<main><div class=\"card\" id=\"sandbox-error\" data-wecom=\"true\">"
                + "<h1>" + Html.esc(t.invalid()) + "</h1>"
                + "<p id=\"sandbox-error-message\">" + Html.esc("en".equals(lang) ? enMessage : zhMessage) + "</p>"
                + "<p class=\"error\" id=\"sandbox-error-reason\">Sandbox: " + Html.esc(reason) + "</p>"
                + "</div></main>");
    }

    /** A confirmation that could not be taken (expired, already used, unknown person). */
    static String failed(String reason, String lang) {
        Texts t = texts(lang);
        return Html.page(t.htmlLang(), t.failed(), "<main><div class=\"card\" id=\"sandbox-error\">"
                + "<h1>" + Html.esc(t.failed()) + "</h1>"
                + "<p class=\"error\" id=\"sandbox-error-reason\">Sandbox: " + Html.esc(reason) + "</p>"
                + "</div></main>");
    }

    /**
     * The login page: a QR code and, because nobody can scan a screen here, a button per member
     * ({@code #confirm-<userid>}) and per outsider ({@code #confirm-<id>}, class {@code sandbox-outsider}), and a refuse
     * button ({@code #sandbox-deny}). A script waits for an answer given through the control API.
     */
    static String login(SandboxWeComApp app, WeComService.Login login, List<SandboxWeComMember> members,
                        List<SandboxWeComOutsider> outsiders) {
        Texts t = texts(login.lang());
        StringBuilder buttons = new StringBuilder();
        for (SandboxWeComMember member : members) {
            buttons.append(button(member.userid(), String.format(t.confirmAs(), member.name() + " (" + member.userid() + ")"),
                    true));
        }
        for (SandboxWeComOutsider outsider : outsiders) {
            buttons.append(button(outsider.id(), String.format(t.confirmAsOutsider(), outsider.name() + " (" + outsider.id() + ")"),
                    false));
        }
        String card = "<div id=\"sandbox-wwlogin\" class=\"wwlogin\" data-key=\"" + Html.esc(login.key())
                + "\" data-corp=\"" + Html.esc(app.corpId()) + "\" data-agent=\"" + Html.esc(app.agentId())
                + "\" data-msg-expired=\"" + Html.esc(t.expired()) + "\" data-msg-redirecting=\"" + Html.esc(t.redirecting()) + "\">"
                + "<h1 class=\"wwlogin-title\">" + Html.esc(t.title()) + "</h1>"
                + "<p class=\"wwlogin-corp\" id=\"sandbox-corp\">" + Html.esc(app.corpName()) + " · 「" + Html.esc(app.name()) + "」</p>"
                + "<img id=\"sandbox-qrcode\" class=\"wwlogin-qr\" src=\"/wwlogin/sso/qrcode/" + Html.esc(login.key())
                + "\" width=\"180\" height=\"180\" alt=\"QR\">"
                + "<p class=\"wwlogin-info\">" + Html.esc(t.scan()) + "</p>"
                + "<p class=\"muted\" id=\"sandbox-note\">" + Html.esc(t.sandboxNote()) + "</p>"
                + "<form id=\"sandbox-wwlogin-form\" method=\"post\" action=\"/wwlogin/sso/login/confirm\">"
                + "<input type=\"hidden\" name=\"key\" value=\"" + Html.esc(login.key()) + "\">"
                + "<div class=\"wwlogin-people\">" + buttons + "</div>"
                + "<p><button type=\"submit\" class=\"secondary\" id=\"sandbox-deny\" name=\"action\" value=\"deny\">"
                + Html.esc(t.deny()) + "</button></p></form>"
                + "<p class=\"wwlogin-status\" id=\"sandbox-status\" role=\"status\"></p>"
                + "</div>";
        return Html.page(t.htmlLang(), t.title(), "<main><div class=\"card\">" + card + "</div></main>"
                + "<style>" + CSS + "</style><script>" + SCRIPT + "</script>");
    }

    private static String button(String id, String label, boolean member) {
        return "<button type=\"submit\" class=\"sandbox-confirm" + (member ? "" : " sandbox-outsider") + "\" id=\"confirm-"
                + Html.esc(id) + "\" name=\"user\" value=\"" + Html.esc(id) + "\" data-member=\"" + member + "\">"
                + Html.esc(label) + "</button>";
    }

    /** What the login page's QR code opens on a phone. */
    static String scanLanding(boolean pending) {
        return Html.page("企业微信登录 / WeCom login", "<main><div class=\"card\">"
                + (pending
                ? "<h1>请在登录页面上确认 / Confirm on the login page</h1>"
                + "<p>这是企业微信登录的二维码。沙箱中请使用登录页面上的按钮，或控制接口 POST /sandbox/api/wecom/login/confirm 确认。</p>"
                + "<p>This is a WeCom login QR code. In the sandbox, press a button on the login page, or confirm with "
                + "POST /sandbox/api/wecom/login/confirm.</p>"
                : "<h1>二维码已失效 / This QR code is no longer valid</h1>")
                + "</div></main>");
    }

    /**
     * In-client OAuth: who is using the WeCom client ({@code #sandbox-user}, preselected with the corp's client user)
     * and Allow ({@code #sandbox-allow}) / Deny ({@code #sandbox-deny}). For snsapi_privateinfo this is WeCom's consent
     * page; for snsapi_base (silent on WeCom) it only appears when no client user is set.
     */
    static String consent(String corpId, String corpName, SandboxWeComApp app, List<WeComService.Person> people,
                          String selected, String redirectUri, String requestedScope, String scope, String state) {
        boolean privateinfo = WeComService.SNSAPI_PRIVATEINFO.equals(scope);
        StringBuilder options = new StringBuilder();
        for (WeComService.Person person : people) {
            options.append("<option value=\"").append(Html.esc(person.id())).append("\" data-member=\"").append(person.member())
                    .append('"').append(person.id().equals(selected) ? " selected" : "").append('>')
                    .append(Html.esc(person.name())).append(" (").append(Html.esc(person.id()))
                    .append(person.member() ? "" : ", 非企业成员 / not a member").append(")</option>");
        }
        String host = hostOf(redirectUri);
        StringBuilder body = new StringBuilder();
        body.append("<main><div class=\"card\" id=\"sandbox-wecom-authorize\" data-scope=\"").append(Html.esc(scope)).append("\">")
                .append("<h1>").append(Html.esc(app == null ? corpName : app.name())).append(" <span class=\"muted\">")
                .append(Html.esc(corpName)).append("</span></h1>")
                .append("<p>").append(Html.esc(host)).append(privateinfo
                        ? " 申请获取你的敏感信息（手机号、邮箱、头像、性别等）/ requests your private info (mobile, email, avatar, gender…)"
                        : " 申请获取你的成员身份（UserID）/ requests your member identity (UserID)").append("</p>")
                .append("<form method=\"post\" action=\"/connect/oauth2/authorize/wecom/confirm\">")
                .append(hidden("appid", corpId));
        if (app != null) {
            body.append(hidden("agentid", app.agentId()));
        }
        body.append(hidden("redirect_uri", redirectUri)).append(hidden("scope", scope));
        if (state != null) {
            body.append(hidden("state", state));
        }
        body.append("<p><label for=\"sandbox-user\">企业微信用户 / WeCom user: </label>")
                .append("<select name=\"user\" id=\"sandbox-user\">").append(options).append("</select></p>");
        if (!privateinfo) {
            body.append("<p class=\"muted\" id=\"sandbox-silent-note\">真实企业微信中 snsapi_base 是静默授权，不会显示此页；"
                    + "沙箱需要知道是谁在使用企业微信客户端（POST /sandbox/api/wecom/session 设置后不再显示）。"
                    + "/ In the real WeCom client, snsapi_base is silent and shows no page; the sandbox asks because it must know who "
                    + "is using the client (set it with POST /sandbox/api/wecom/session to skip this page).")
                    .append(WeComService.SNSAPI_PRIVATEINFO.equals(requestedScope)
                            ? " snsapi_privateinfo 缺少 agentid，按 snsapi_base 处理。/ snsapi_privateinfo without agentid is "
                            + "treated as snsapi_base." : "")
                    .append("</p>");
        }
        body.append("<p><button type=\"submit\" id=\"sandbox-allow\" name=\"action\" value=\"allow\">")
                .append(privateinfo ? "同意 / Allow" : "继续 / Continue").append("</button> ")
                .append("<button type=\"submit\" class=\"secondary\" id=\"sandbox-deny\" name=\"action\" value=\"deny\">拒绝 / Deny</button></p>")
                .append("</form>")
                .append("<p class=\"muted\">scope: <code>").append(Html.esc(scope)).append("</code> · redirect_uri: <code>")
                .append(Html.esc(redirectUri)).append("</code></p>")
                .append("</div></main>");
        return Html.page("企业微信授权 / WeCom authorization", body.toString());
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.esc(value) + "\">";
    }

    private static String hostOf(String uri) {
        try {
            String host = URI.create(uri).getHost();
            return host == null ? uri : host;
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }

    private static final String CSS = """
            .wwlogin{text-align:center}
            .wwlogin-title{font-size:20px;margin:4px 0 8px}
            .wwlogin-qr{border:1px solid #e2e2e2;display:block;margin:0 auto}
            .wwlogin-info{font-size:14px;margin:8px 0}
            .wwlogin-people{display:flex;flex-wrap:wrap;gap:6px;justify-content:center;margin:6px 0}
            .wwlogin-people button{background:#1678ff}
            .wwlogin-people button.sandbox-outsider{background:#8a8a8a}
            .wwlogin-status{font-size:13px;min-height:1em}
            """;

    /** Waits for an answer given through the control API, then navigates. */
    private static final String SCRIPT = """
            (function(){
              var box = document.getElementById('sandbox-wwlogin');
              var form = document.getElementById('sandbox-wwlogin-form');
              var status = document.getElementById('sandbox-status');
              var key = box.getAttribute('data-key');
              var done = false;
              form.addEventListener('submit', function(){ done = true; });
              function poll() {
                if (done) return;
                fetch('/wwlogin/sso/poll?key=' + encodeURIComponent(key), {cache: 'no-store'})
                  .then(function(r){ return r.json(); })
                  .then(function(j){
                    if (done) return;
                    if (j.redirect) { done = true; status.textContent = box.getAttribute('data-msg-redirecting'); window.location.href = j.redirect; }
                    else if (j.status === 'expired') { status.textContent = box.getAttribute('data-msg-expired'); form.hidden = true; }
                    else { setTimeout(poll, 1000); }
                  })
                  .catch(function(){ setTimeout(poll, 2000); });
              }
              setTimeout(poll, 1000);
            })();
            """;
}
