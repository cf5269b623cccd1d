package io.github.keycloakwechat.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The "phone": pick a fake WeChat user, scan a pending QR code (or paste a QR url), confirm a website login
 * (qrconnect), follow or unfollow, read what the account replied, and open the Mini Program page. Rendered on the server so it works at once;
 * a small script keeps it fresh.
 */
final class PhonePage {

    private final SandboxState state;

    PhonePage(SandboxState state) {
        this.state = state;
    }

    Response render(Request request) {
        List<SandboxUser> users = state.users();
        String selected = request.param("user");
        if (selected == null || state.user(selected).isEmpty()) {
            selected = users.isEmpty() ? "" : users.get(0).id();
        }
        String prefill = request.param("qr");
        Instant now = state.now();

        StringBuilder userOptions = new StringBuilder();
        for (SandboxUser user : users) {
            userOptions.append("<option value=\"").append(Html.esc(user.id())).append('"')
                    .append(user.id().equals(selected) ? " selected" : "").append('>')
                    .append(Html.esc(user.nickname())).append(" (").append(Html.esc(user.id())).append(")</option>");
        }
        StringBuilder qrList = new StringBuilder();
        List<SandboxQrCode> pending = state.pendingQrCodes();
        for (SandboxQrCode qr : pending.subList(0, Math.min(pending.size(), 20))) {
            String appName = state.app(qr.appId()).map(SandboxApp::name).orElse(qr.appId());
            qrList.append(qrItem(qr.ticket(), appName, qr.scene(), QrCodeService.remainingSeconds(qr, now)));
        }
        StringBuilder webList = new StringBuilder();
        List<SandboxWebsiteLogin> webLogins = state.pendingWebsiteLogins();
        for (SandboxWebsiteLogin login : webLogins.subList(0, Math.min(webLogins.size(), 20))) {
            String appName = state.app(login.appId()).map(SandboxApp::name).orElse(login.appId());
            webList.append(webItem(login.uuid(), appName, hostOf(login.redirectUri()),
                    TokenService.secondsUntil(now, login.expiresAt())));
        }
        StringBuilder apps = new StringBuilder();
        for (SandboxApp app : state.apps()) {
            if (!app.serviceAccount()) {
                continue;
            }
            apps.append("<div class=\"phone-app\" data-app=\"").append(Html.esc(app.appId())).append("\">")
                    .append("<b>").append(Html.esc(app.name())).append("</b> <span class=\"muted\">")
                    .append(Html.esc(app.appId())).append("</span> <span class=\"phone-follow-state\"></span> ")
                    .append("<button type=\"button\" class=\"secondary phone-follow\" data-app=\"").append(Html.esc(app.appId()))
                    .append("\">关注 / Follow</button> ")
                    .append("<button type=\"button\" class=\"secondary phone-unfollow\" data-app=\"").append(Html.esc(app.appId()))
                    .append("\">取消关注 / Unfollow</button></div>");
        }

        String body = "<main class=\"phone\">"
                + "<div class=\"card\"><h1>沙箱手机 / Sandbox phone</h1>"
                + "<p><label for=\"phone-user\">我是 / I am: </label><select id=\"phone-user\">" + userOptions + "</select></p>"
                + "<p class=\"muted\">选择一位虚拟微信用户，然后扫描登录页上的二维码。/ Pick a fake WeChat user, then scan the "
                + "QR code shown on the login page.</p></div>"
                + "<div class=\"card\"><h2>待扫描的二维码 / QR codes waiting to be scanned</h2>"
                + "<div id=\"phone-qr-list\">" + qrList + "</div>"
                + "<p id=\"phone-qr-empty\" class=\"muted\"" + (pending.isEmpty() ? "" : " hidden")
                + ">暂无二维码 / No QR code yet — open a login page first.</p></div>"
                + "<div class=\"card\"><h2>网站登录 / Website logins (qrconnect)</h2>"
                + "<div id=\"phone-web-list\">" + webList + "</div>"
                + "<p id=\"phone-web-empty\" class=\"muted\"" + (webLogins.isEmpty() ? "" : " hidden")
                + ">暂无网站登录 / No website login waiting.</p></div>"
                + "<div class=\"card\"><h2>粘贴二维码链接 / Paste a QR code url</h2>"
                + "<p><input type=\"text\" id=\"phone-qr-url\" size=\"48\" placeholder=\"http://…/q/…\" value=\""
                + Html.esc(prefill == null ? "" : prefill) + "\"> "
                + "<button type=\"button\" id=\"phone-scan-url\">扫一扫 / Scan</button></p></div>"
                + "<div class=\"card\"><h2>公众号 / Accounts</h2><div id=\"phone-apps\">" + apps + "</div></div>"
                + "<div class=\"card\"><h2>小程序 / Mini Programs</h2><p><a id=\"phone-miniprogram\" href=\"/sandbox/miniprogram?user="
                + Html.esc(URLEncoder.encode(selected, StandardCharsets.UTF_8))
                + "\">打开小程序，获取登录和手机号 code / Open a Mini Program: login and phone codes</a></p></div>"
                + "<div class=\"card\"><h2>聊天 / Chat</h2><p id=\"phone-status\" class=\"muted\"></p>"
                + "<div id=\"phone-chat\"></div></div>"
                + "</main><style>" + CSS + "</style><script>" + SCRIPT + "</script>";
        return Response.html(200, Html.page("沙箱手机 / Sandbox phone", body));
    }

    private static String qrItem(String ticket, String appName, String scene, long expiresIn) {
        String encoded = URLEncoder.encode(ticket, StandardCharsets.UTF_8);
        return "<div class=\"phone-qr\" data-ticket=\"" + Html.esc(ticket) + "\">"
                + "<img src=\"/cgi-bin/showqrcode?ticket=" + Html.esc(encoded) + "\" width=\"140\" height=\"140\" alt=\"QR\">"
                + "<div><b>" + Html.esc(appName) + "</b><br><span class=\"muted\">scene: " + Html.esc(scene) + "<br>"
                + (expiresIn < 0 ? "永久 / permanent" : expiresIn + " s") + "</span><br>"
                + "<button type=\"button\" class=\"phone-scan\" data-ticket=\"" + Html.esc(ticket) + "\">扫一扫 / Scan</button></div></div>";
    }

    private static String webItem(String uuid, String appName, String host, long expiresIn) {
        return "<div class=\"phone-web-login\" data-uuid=\"" + Html.esc(uuid) + "\">"
                + "<div><b>" + Html.esc(appName) + "</b> <span class=\"muted\">" + Html.esc(host) + " · " + expiresIn + " s</span><br>"
                + "<button type=\"button\" class=\"phone-web-confirm\" data-uuid=\"" + Html.esc(uuid)
                + "\">扫码并确认登录 / Scan &amp; confirm</button> "
                + "<button type=\"button\" class=\"secondary phone-web-deny\" data-uuid=\"" + Html.esc(uuid)
                + "\">拒绝 / Deny</button></div></div>";
    }

    private static String hostOf(String uri) {
        try {
            String host = java.net.URI.create(uri).getHost();
            return host == null ? uri : host;
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }

    /** Set by the page's script (same name there): who holds this browser's phone. */
    static final String HOLDER_COOKIE = "sandbox-phone-user";

    private static final String CSS = """
            .phone{max-width:480px}
            .phone-qr{display:flex;gap:12px;align-items:center;border-top:1px solid #eee;padding:8px 0}
            .phone-app{padding:6px 0;border-top:1px solid #eee}
            .phone-web-login{border-top:1px solid #eee;padding:8px 0}
            #phone-chat{display:flex;flex-direction:column;gap:6px}
            .phone-msg{max-width:80%;padding:8px 10px;border-radius:6px;white-space:pre-wrap;word-break:break-word}
            .phone-msg-user{align-self:flex-end;background:#95ec69}
            .phone-msg-account{align-self:flex-start;background:#fff;border:1px solid #ddd}
            .phone-msg-system{align-self:center;color:#888;font-size:12px}
            """;

    /** Plain DOM code; values go in through textContent/dataset only. */
    private static final String SCRIPT = """
            (function(){
              var userSel = document.getElementById('phone-user');
              var status = document.getElementById('phone-status');
              var saved = null;
              try { saved = localStorage.getItem('sandbox-phone-user'); } catch (e) {}
              if (!new URLSearchParams(location.search).get('user') && saved) {
                for (var i = 0; i < userSel.options.length; i++) { if (userSel.options[i].value === saved) userSel.value = saved; }
              }
              function miniProgramLink() {
                var a = document.getElementById('phone-miniprogram');
                if (a) a.href = '/sandbox/miniprogram?user=' + encodeURIComponent(userSel.value);
              }
              // Links opened from this phone's chat go to the sandbox's web OAuth, which preselects this person.
              function holder() { document.cookie = 'sandbox-phone-user=' + encodeURIComponent(userSel.value) + '; path=/; SameSite=Lax'; }
              miniProgramLink();
              holder();
              userSel.addEventListener('change', function(){
                miniProgramLink();
                holder();
                try { localStorage.setItem('sandbox-phone-user', userSel.value); } catch (e) {}
                lastChat = ''; refresh();
              });
              function post(path, body) {
                status.textContent = '…';
                return fetch(path, {method:'POST', headers:{'Content-Type':'application/json'}, body: JSON.stringify(body)})
                  .then(function(r){ return r.json().then(function(j){ return {status:r.status, body:j}; }); })
                  .then(function(res){
                    if (res.status !== 200) { status.textContent = '失败 / Failed: ' + (res.body.error || res.status); }
                    else if (res.body.error) { status.textContent = res.body.event + ': ' + res.body.error; }
                    else if (res.body.event) { status.textContent = res.body.event + ' ✓ (' + res.body.attempts + ')'; }
                    else { status.textContent = (res.body.outcome || 'ok') + ' ✓'; }
                    refresh();
                    return res;
                  })
                  .catch(function(e){ status.textContent = '失败 / Failed: ' + e; });
              }
              document.addEventListener('click', function(ev){
                var t = ev.target;
                if (t.classList.contains('phone-scan')) post('/sandbox/api/scan', {user: userSel.value, ticket: t.dataset.ticket});
                else if (t.id === 'phone-scan-url') post('/sandbox/api/scan', {user: userSel.value, qrUrl: document.getElementById('phone-qr-url').value});
                else if (t.classList.contains('phone-unfollow')) post('/sandbox/api/unfollow', {user: userSel.value, appId: t.dataset.app});
                else if (t.classList.contains('phone-follow')) post('/sandbox/api/follow', {user: userSel.value, appId: t.dataset.app});
                else if (t.classList.contains('phone-web-confirm')) post('/sandbox/api/qrconnect/confirm', {user: userSel.value, uuid: t.dataset.uuid});
                else if (t.classList.contains('phone-web-deny')) post('/sandbox/api/qrconnect/confirm', {user: userSel.value, uuid: t.dataset.uuid, action: 'deny'});
              });
              var lastQr = Array.prototype.map.call(document.querySelectorAll('.phone-qr'), function(e){ return e.dataset.ticket; }).join('\\n');
              var lastChat = '';
              function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
              function renderQr(codes) {
                codes = codes.slice(0, 20);
                var key = codes.map(function(q){ return q.ticket; }).join('\\n');
                if (key === lastQr) return;
                lastQr = key;
                var list = document.getElementById('phone-qr-list');
                list.textContent = '';
                codes.forEach(function(q){
                  var item = el('div', 'phone-qr'); item.dataset.ticket = q.ticket;
                  var img = el('img'); img.width = 140; img.height = 140; img.alt = 'QR';
                  img.src = '/cgi-bin/showqrcode?ticket=' + encodeURIComponent(q.ticket);
                  var info = el('div');
                  info.appendChild(el('b', null, q.appName)); info.appendChild(el('br'));
                  info.appendChild(el('span', 'muted', 'scene: ' + q.scene + ' · ' + (q.permanent ? '永久 / permanent' : q.expiresIn + ' s')));
                  info.appendChild(el('br'));
                  var btn = el('button', 'phone-scan', '扫一扫 / Scan'); btn.type = 'button'; btn.dataset.ticket = q.ticket;
                  info.appendChild(btn);
                  item.appendChild(img); item.appendChild(info); list.appendChild(item);
                });
                document.getElementById('phone-qr-empty').hidden = codes.length > 0;
              }
              var lastWeb = Array.prototype.map.call(document.querySelectorAll('.phone-web-login'), function(e){ return e.dataset.uuid; }).join('\\n');
              function renderWeb(logins) {
                logins = (logins || []).slice(0, 20);
                var key = logins.map(function(l){ return l.uuid; }).join('\\n');
                if (key === lastWeb) return;
                lastWeb = key;
                var list = document.getElementById('phone-web-list');
                list.textContent = '';
                logins.forEach(function(l){
                  var item = el('div', 'phone-web-login'); item.dataset.uuid = l.uuid;
                  var info = el('div');
                  info.appendChild(el('b', null, l.appName));
                  var host = l.redirectUri; try { host = new URL(l.redirectUri).host; } catch (e) {}
                  info.appendChild(document.createTextNode(' '));
                  info.appendChild(el('span', 'muted', host + ' · ' + l.expiresIn + ' s'));
                  info.appendChild(el('br'));
                  var ok = el('button', 'phone-web-confirm', '扫码并确认登录 / Scan & confirm'); ok.type = 'button'; ok.dataset.uuid = l.uuid;
                  var no = el('button', 'secondary phone-web-deny', '拒绝 / Deny'); no.type = 'button'; no.dataset.uuid = l.uuid;
                  info.appendChild(ok); info.appendChild(document.createTextNode(' ')); info.appendChild(no);
                  item.appendChild(info); list.appendChild(item);
                });
                document.getElementById('phone-web-empty').hidden = logins.length > 0;
              }
              // WeChat shows <a href="http...">label</a> in a text message as a link that opens in its browser,
              // and everything else as plain text.
              function chatText(bubble, text) {
                var link = new RegExp('<a href="(https?://[^"<>]+)">([^<]*)</a>', 'g'), last = 0, match;
                while ((match = link.exec(text)) !== null) {
                  bubble.appendChild(document.createTextNode(text.slice(last, match.index)));
                  var a = el('a', 'phone-link', match[2]);
                  a.href = match[1].split('&amp;').join('&');
                  bubble.appendChild(a);
                  last = link.lastIndex;
                }
                bubble.appendChild(document.createTextNode(text.slice(last)));
              }
              function renderChat(chat) {
                var mine = chat.filter(function(m){ return m.user === userSel.value; });
                var key = JSON.stringify(mine);
                if (key === lastChat) return;
                lastChat = key;
                var box = document.getElementById('phone-chat');
                box.textContent = '';
                mine.forEach(function(m){
                  var bubble = el('div', 'phone-msg phone-msg-' + m.from + (m.from === 'account' ? ' phone-reply' : ''));
                  chatText(bubble, m.text);
                  box.appendChild(bubble);
                });
              }
              function renderFollows(users) {
                var me = users.filter(function(u){ return u.id === userSel.value; })[0];
                document.querySelectorAll('.phone-app').forEach(function(a){
                  var info = me && me.apps[a.dataset.app];
                  var follows = !!(info && info.follows);
                  a.querySelector('.phone-follow-state').textContent = follows ? '已关注 / Following' : '未关注 / Not following';
                  a.querySelector('.phone-follow').hidden = follows;
                  a.querySelector('.phone-unfollow').hidden = !follows;
                });
              }
              function refresh() {
                return fetch('/sandbox/api/state').then(function(r){ return r.json(); }).then(function(s){
                  renderQr(s.qrCodes); renderWeb(s.websiteLogins); renderChat(s.chat); renderFollows(s.users);
                }).catch(function(){});
              }
              refresh();
              setInterval(refresh, 2000);
            })();
            """;
}
