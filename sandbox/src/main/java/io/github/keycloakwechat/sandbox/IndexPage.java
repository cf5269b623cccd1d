package io.github.keycloakwechat.sandbox;

import java.util.function.Supplier;

/** GET /: what the sandbox is, where its pages are, and what to enter in Keycloak for each app. */
final class IndexPage {

    private final SandboxState state;
    private final Supplier<String> baseUrl;

    IndexPage(SandboxState state, Supplier<String> baseUrl) {
        this.state = state;
        this.baseUrl = baseUrl;
    }

    Response render(Request request) {
        String base = baseUrl.get();
        StringBuilder apps = new StringBuilder();
        for (SandboxApp app : state.apps()) {
            if (app.websiteApp()) {
                apps.append("<div class=\"card sandbox-app\" data-kind=\"website\"><h2>").append(Html.esc(app.name()))
                        .append(" <span class=\"muted\">网站应用 / website app</span></h2><ul>")
                        .append(item("AppID", app.appId()))
                        .append(item("AppSecret", Secrets.mask(app.appSecret()) + " (see the config file / 见配置文件)"))
                        .append(item("开放平台绑定 / Open Platform bound (unionid)", Boolean.toString(app.openPlatformBound())))
                        .append(item("qrconnect", base + "/connect/qrconnect"))
                        .append(item("wxLogin.js", base + "/connect/zh_CN/htmledition/js/wxLogin.js"))
                        .append("</ul></div>");
                continue;
            }
            if (app.miniProgramApp()) {
                apps.append("<div class=\"card sandbox-app\" data-kind=\"miniprogram\"><h2>").append(Html.esc(app.name()))
                        .append(" <span class=\"muted\">小程序 / Mini Program</span></h2><ul>")
                        .append(item("AppID", app.appId()))
                        .append(item("AppSecret", Secrets.mask(app.appSecret()) + " (see the config file / 见配置文件)"))
                        .append(item("开放平台绑定 / Open Platform bound (unionid)", Boolean.toString(app.openPlatformBound())))
                        .append(item("jscode2session", base + "/sns/jscode2session"))
                        .append(item("getuserphonenumber", base + "/wxa/business/getuserphonenumber"))
                        .append("<li><a href=\"/sandbox/miniprogram?app=").append(Html.esc(app.appId()))
                        .append("\">wx.login() / getPhoneNumber codes · 获取登录和手机号 code</a></li>")
                        .append("</ul></div>");
                continue;
            }
            apps.append("<div class=\"card sandbox-app\"><h2>").append(Html.esc(app.name())).append("</h2><ul>")
                    .append(item("AppID", app.appId()))
                    .append(item("AppSecret", Secrets.mask(app.appSecret()) + " (see the config file / 见配置文件)"))
                    .append(item("原始ID / Original ID", app.originalId()))
                    .append(item("消息加解密方式 / Message mode", app.messageMode()))
                    .append(item("服务器地址 / Callback URL", app.callbackUrl() == null ? "(not set / 未设置)" : app.callbackUrl()))
                    .append(item("开放平台绑定 / Open Platform bound (unionid)", Boolean.toString(app.openPlatformBound())))
                    .append("</ul></div>");
        }
        for (SandboxWeComApp app : state.weComApps()) {
            apps.append("<div class=\"card sandbox-app\" data-kind=\"wecom\"><h2>").append(Html.esc(app.name()))
                    .append(" <span class=\"muted\">企业微信自建应用 / WeCom self-built app</span></h2><ul>")
                    .append(item("CorpID", app.corpId()))
                    .append(item("AgentId", app.agentId()))
                    .append(item("Secret", Secrets.mask(app.secret()) + " (see the config file / 见配置文件)"))
                    .append(item("企业 / Corp", app.corpName()))
                    .append(item("可信域名 / Trusted domain", app.trustedDomain() == null ? "(any / 任意)" : app.trustedDomain()))
                    .append(item("gettoken", base + "/cgi-bin/gettoken"))
                    .append(item("Web login / Web登录", base + "/wwlogin/sso/login"))
                    .append(item("In-client OAuth / 网页授权", base + "/connect/oauth2/authorize"))
                    .append(item("成员 / Members", String.join(", ", state.weComMembers(app.corpId()).stream()
                            .map(SandboxWeComMember::userid).toList())))
                    .append("</ul></div>");
        }
        String body = "<main><div class=\"card\"><h1>微信沙箱 / WeChat sandbox</h1>"
                + "<p>A stand-in for WeChat's Service Account (公众号) APIs: access tokens, parametric QR codes, "
                + "user info, web OAuth and signed/encrypted event pushes; for Open Platform website login "
                + "(网站应用: qrconnect, wxLogin.js); for Mini Program login (小程序: jscode2session, phone number); and for WeCom login (企业微信: gettoken, Web login, in-client OAuth). "
                + "模拟微信公众号接口、网站应用微信登录、小程序登录和企业微信登录，用于演示和测试。</p>"
                + "<p><a class=\"btn\" href=\"/sandbox/phone\">打开沙箱手机 / Open the sandbox phone</a> "
                + "<a class=\"btn\" id=\"sandbox-miniprogram-link\" href=\"/sandbox/miniprogram\">小程序登录 / Mini Program login</a></p>"
                + "<ul>"
                + item("API base URL (Keycloak identity provider setting) / API 地址", base)
                + "<li><a href=\"/sandbox/api/state\">/sandbox/api/state</a> — state as JSON / 状态</li>"
                + "<li><a href=\"/sandbox/api/stats\">/sandbox/api/stats</a> — API call counters / 调用计数</li>"
                + "</ul></div>" + apps + "</main>";
        return Response.html(200, Html.page("WeChat sandbox / 微信沙箱", body));
    }

    private static String item(String label, String value) {
        return "<li>" + Html.esc(label) + ": <code>" + Html.esc(value) + "</code></li>";
    }
}
