package io.github.keycloakwechat.sandbox;

import java.util.List;

/**
 * The pages of website login (connect/qrconnect), in Chinese ({@code lang=cn}, the default) or English
 * ({@code lang=en}), and the wxLogin.js script.
 */
final class QrConnectPages {

    private QrConnectPages() {
    }

    /** The texts of the qrconnect page in one language. */
    private record Texts(String htmlLang, String title, String scan, String sandboxNote, String confirmAs, String deny,
                         String expired, String redirecting, String failed, String phoneHint) {
    }

    private static final Texts CN = new Texts("zh-CN", "微信登录", "使用微信扫一扫登录",
            "沙箱：这里没有人能扫码。请选择以哪位虚拟用户的身份确认登录，或在沙箱手机上扫码确认。",
            "以 %s 身份确认登录", "拒绝", "二维码已失效，请刷新页面", "已确认，正在跳转…", "登录失败", "打开沙箱手机");
    private static final Texts EN = new Texts("en", "WeChat Login", "Scan with WeChat to log in",
            "Sandbox: nobody can scan here. Confirm as one of the fake people, or scan it with the sandbox phone.",
            "Confirm as %s", "Deny", "QR code expired, please refresh the page", "Confirmed, redirecting…", "Login failed",
            "Open the sandbox phone");

    private static Texts texts(String lang) {
        return "en".equals(lang) ? EN : CN;
    }

    /** WeChat's "参数错误" page (HTTP 200): its message, plus what the sandbox found wrong. */
    static String error(String wechatMessage, String reason, String lang) {
        return Html.page(texts(lang).htmlLang(), "参数错误", "<main><div class=\"card\" id=\"sandbox-error\">"
                + "<h1>参数错误 / Invalid parameter</h1>"
                + "<p id=\"sandbox-error-message\">" + Html.esc(wechatMessage) + "</p>"
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

    /** Inside wxLogin.js's iframe: send the top window (the site that embedded the QR code) to {@code url}. */
    static String navigateTop(String url, String lang) {
        Texts t = texts(lang);
        return "<!DOCTYPE html>\n<html lang=\"" + t.htmlLang() + "\"><head><meta charset=\"utf-8\"><title>"
                + Html.esc(t.title()) + "</title></head><body>"
                + "<p id=\"sandbox-redirecting\">" + Html.esc(t.redirecting()) + " <a id=\"sandbox-continue\" target=\"_top\" href=\""
                + Html.esc(url) + "\">→</a></p>"
                + "<script>window.top.location.href = " + Html.jsString(url) + ";</script>"
                + "</body></html>";
    }

    /**
     * The QR page: a QR code (that the sandbox phone can "scan") and, because nobody can scan a screen here, a
     * button per fake person ({@code #confirm-<id>}) and a deny button ({@code #sandbox-deny}). A script waits
     * for an answer given on the phone and performs the final navigation.
     */
    static String login(SandboxApp app, SandboxWebsiteLogin login, List<SandboxUser> users, String style, String href) {
        Texts t = texts(login.lang());
        StringBuilder buttons = new StringBuilder();
        for (SandboxUser user : users) {
            String label = String.format(t.confirmAs(), user.nickname() + " (" + user.id() + ")");
            buttons.append("<button type=\"submit\" class=\"sandbox-confirm\" id=\"confirm-").append(Html.esc(user.id()))
                    .append("\" name=\"user\" value=\"").append(Html.esc(user.id())).append("\">")
                    .append(Html.esc(label)).append("</button>");
        }
        String card = "<div id=\"sandbox-qrconnect\" class=\"qrconnect\" data-uuid=\"" + Html.esc(login.uuid())
                + "\" data-app=\"" + Html.esc(app.appId()) + "\" data-jssdk=\"" + login.jssdk()
                + "\" data-target=\"" + (login.navigatesTop() ? "top" : "self")
                + "\" data-msg-expired=\"" + Html.esc(t.expired()) + "\" data-msg-redirecting=\"" + Html.esc(t.redirecting()) + "\">"
                + "<div class=\"qrconnect-title\">" + Html.esc(t.title()) + "</div>"
                + "<img id=\"sandbox-qrcode\" class=\"qrconnect-qr\" src=\"/connect/qrcode/" + Html.esc(login.uuid())
                + "\" width=\"160\" height=\"160\" alt=\"QR\">"
                + "<div class=\"qrconnect-info\">" + Html.esc(t.scan()) + "<br>「" + Html.esc(app.name()) + "」</div>"
                + "<p class=\"qrconnect-note\" id=\"sandbox-note\">" + Html.esc(t.sandboxNote()) + "</p>"
                + "<form id=\"sandbox-qrconnect-form\" method=\"post\" action=\"/connect/qrconnect/confirm\">"
                + "<input type=\"hidden\" name=\"uuid\" value=\"" + Html.esc(login.uuid()) + "\">"
                + "<div class=\"qrconnect-people\">" + buttons + "</div>"
                + "<button type=\"submit\" class=\"secondary\" id=\"sandbox-deny\" name=\"action\" value=\"deny\">"
                + Html.esc(t.deny()) + "</button></form>"
                + "<p class=\"qrconnect-status\" id=\"sandbox-status\" role=\"status\"></p>"
                + "</div>";
        String extraCss = "white".equals(style) ? ".qrconnect{color:#fff}" : "";
        String stylesheet = customStylesheet(href);
        if (login.jssdk()) {
            // wxLogin.js's iframe: 300 × 400, transparent, no sandbox banner (the note says what this is).
            return "<!DOCTYPE html>\n<html lang=\"" + t.htmlLang() + "\"><head><meta charset=\"utf-8\"><title>"
                    + Html.esc(t.title()) + "</title><style>" + JSSDK_CSS + CSS + JSSDK_OVERRIDES + extraCss + "</style>" + stylesheet
                    + "</head><body>" + card + "<script>" + SCRIPT + "</script></body></html>";
        }
        return Html.page(t.htmlLang(), t.title(), "<main><div class=\"card\">" + card + "</div></main>"
                + "<style>" + CSS + extraCss + "</style>" + stylesheet + "<script>" + SCRIPT + "</script>");
    }

    /** wxLogin.js's {@code href}: a custom stylesheet (an http(s) URL or a data:text/css URL), else nothing. */
    private static String customStylesheet(String href) {
        if (href == null || !(href.startsWith("https://") || href.startsWith("http://") || href.startsWith("data:text/css"))) {
            return "";
        }
        return "<link rel=\"stylesheet\" href=\"" + Html.esc(href) + "\">";
    }

    private static final String JSSDK_CSS = """
            body{margin:0;background:transparent;font-family:-apple-system,"PingFang SC","Microsoft YaHei","Segoe UI",sans-serif;color:#111}
            button{background:#07c160;color:#fff;border:0;border-radius:6px;padding:4px 10px;font-size:13px;cursor:pointer}
            button.secondary{background:#f2f2f2;color:#07c160}
            .qrconnect{width:300px;height:400px;overflow:auto;box-sizing:border-box;padding:6px 8px}
            """;

    /** After {@link #CSS}: what must be smaller in the 300 × 400 iframe. */
    private static final String JSSDK_OVERRIDES = """
            .qrconnect-title{font-size:16px;margin:0 0 6px}
            .qrconnect-qr{width:120px;height:120px}
            .qrconnect-info{margin:4px 0}
            .qrconnect-people button{font-size:12px;padding:3px 8px}
            """;

    private static final String CSS = """
            .qrconnect{text-align:center}
            .qrconnect-title{font-size:20px;margin:4px 0 8px}
            .qrconnect-qr{border:1px solid #e2e2e2;display:block;margin:0 auto}
            .qrconnect-info{font-size:13px;margin:8px 0}
            .qrconnect-note{font-size:11px;color:#888;margin:4px 0}
            .qrconnect-people{display:flex;flex-wrap:wrap;gap:4px;justify-content:center;margin:4px 0}
            .qrconnect-status{font-size:12px;min-height:1em}
            """;

    /**
     * Waits for an answer (given on this page or on the sandbox phone) and navigates: the top window inside
     * wxLogin.js's iframe unless self_redirect=true, this page otherwise. WeChat's iframe is sandboxed without
     * allow-forms, so there the buttons post with fetch instead of submitting the form.
     */
    private static final String SCRIPT = """
            (function(){
              var box = document.getElementById('sandbox-qrconnect');
              var form = document.getElementById('sandbox-qrconnect-form');
              var status = document.getElementById('sandbox-status');
              var uuid = box.getAttribute('data-uuid');
              var jssdk = box.getAttribute('data-jssdk') === 'true';
              var done = false;
              function say(key) { status.textContent = box.getAttribute('data-msg-' + key) || key; }
              function go(url, target) {
                if (done) return;
                done = true;
                say('redirecting');
                if (target === 'top') { window.top.location.href = url; } else { window.location.href = url; }
              }
              form.addEventListener('submit', function(){ done = true; });
              if (jssdk) {
                Array.prototype.forEach.call(form.querySelectorAll('button'), function(b){
                  b.addEventListener('click', function(ev){
                    ev.preventDefault();
                    if (done) return;
                    var data = new URLSearchParams();
                    data.set('uuid', uuid);
                    data.set(b.name, b.value);
                    fetch('/connect/qrconnect/confirm', {method: 'POST', body: data.toString(),
                        headers: {'Accept': 'application/json', 'Content-Type': 'application/x-www-form-urlencoded'}})
                      .then(function(r){ return r.json(); })
                      .then(function(j){ if (j.redirect) { go(j.redirect, j.target); } else { status.textContent = j.error || 'error'; } })
                      .catch(function(e){ status.textContent = String(e); });
                  });
                });
              }
              function poll() {
                if (done) return;
                fetch('/connect/qrconnect/poll?uuid=' + encodeURIComponent(uuid), {cache: 'no-store'})
                  .then(function(r){ return r.json(); })
                  .then(function(j){
                    if (j.redirect) { go(j.redirect, j.target); }
                    else if (j.status === 'expired') { say('expired'); form.hidden = true; }
                    else { setTimeout(poll, 1000); }
                  })
                  .catch(function(){ setTimeout(poll, 2000); });
              }
              setTimeout(poll, 1000);
            })();
            """;

    /**
     * WeChat's wxLogin.js, pointing at the sandbox: {@code new WxLogin({self_redirect, id, appid, scope,
     * redirect_uri, state, style, href, lang, ...})} replaces the content of element {@code id} with a 300 × 400
     * iframe of {@code {origin}/connect/qrconnect?appid=…&scope=…&redirect_uri=…&state=…&login_type=jssdk&…}.
     * Like WeChat's, it puts {@code redirect_uri} in as given: callers URL-encode it.
     */
    static String wxLoginJs(String origin) {
        return "/* WeChat sandbox: wxLogin.js, as served by https://res.wx.qq.com/connect/zh_CN/htmledition/js/wxLogin.js,\n"
                + "   with the QR page on the sandbox (" + origin.replace("*/", "") + "). Not WeChat. */\n"
                + "!function (window, document) {\n"
                + "  var ORIGIN = " + Html.jsString(origin) + ";\n"
                + WX_LOGIN_BODY;
    }

    private static final String WX_LOGIN_BODY = """
              function WxLogin(options) {
                var selfRedirect = "default";
                if (options.self_redirect === true) { selfRedirect = "true"; }
                else if (options.self_redirect === false) { selfRedirect = "false"; }
                var iframe = document.createElement("iframe");
                var src = ORIGIN + "/connect/qrconnect?appid=" + options.appid + "&scope=" + options.scope
                  + "&redirect_uri=" + options.redirect_uri + "&state=" + (options.state || "")
                  + "&login_type=jssdk&self_redirect=" + selfRedirect
                  + "&styletype=" + (options.styletype || "") + "&sizetype=" + (options.sizetype || "")
                  + "&bgcolor=" + (options.bgcolor || "") + "&rst=" + (options.rst || "");
                src += options.style ? "&style=" + options.style : "";
                src += options.href ? "&href=" + options.href : "";
                src += options.lang === "en" ? "&lang=en" : "";
                src += options.stylelite === 1 ? "&stylelite=1" : "";
                src += options.fast_login === 0 ? "&fast_login=0" : "";
                iframe.src = src;
                iframe.frameBorder = "0";
                iframe.allowTransparency = "true";
                iframe.scrolling = "no";
                iframe.width = "300px";
                iframe.height = "400px";
                iframe.setAttribute("sandbox", "allow-scripts allow-top-navigation allow-same-origin");
                var container = document.getElementById(options.id);
                container.innerHTML = "";
                container.appendChild(iframe);
              }
              window.WxLogin = WxLogin;
            }(window, document);
            """;
}
