package io.github.keycloakwechat.sandbox;

import java.net.URI;
import java.util.List;

/** The pages the "WeChat browser" shows during web OAuth. */
final class OAuthPages {

    private OAuthPages() {
    }

    /** WeChat's own answer to a malformed authorize link (HTTP 200), plus what the sandbox found wrong. */
    static String cannotAccess(String reason) {
        return Html.page("该链接无法访问", "<main><div class=\"card\" id=\"sandbox-error\">"
                + "<h1>该链接无法访问 / This link cannot be accessed</h1>"
                + "<p class=\"muted\">Oops! Something went wrong :(</p>"
                + "<p class=\"error\" id=\"sandbox-error-reason\">Sandbox: " + Html.esc(reason) + "</p>"
                + "</div></main>");
    }

    /** The confirmation page: pick which fake person is "holding the phone", then allow or deny. */
    static String confirm(SandboxApp app, List<SandboxUser> users, String holder, String redirectUri, String scope,
                          String state) {
        boolean userinfo = "snsapi_userinfo".equals(scope);
        StringBuilder options = new StringBuilder();
        for (SandboxUser user : users) {
            options.append("<option value=\"").append(Html.esc(user.id())).append("\"")
                    .append(user.id().equals(holder) ? " selected" : "").append(">")
                    .append(Html.esc(user.nickname())).append(" (").append(Html.esc(user.id())).append(")</option>");
        }
        String host = hostOf(redirectUri);
        StringBuilder body = new StringBuilder();
        body.append("<main><div class=\"card\">")
                .append("<h1>").append(Html.esc(app.name())).append("</h1>")
                .append("<p>").append(Html.esc(host)).append(userinfo
                        ? " 申请获得你的公开信息（昵称、头像）/ requests your public profile (nickname, avatar)"
                        : " 申请获得你的身份标识 / requests your identity (openid)").append("</p>")
                .append("<form method=\"post\" action=\"/connect/oauth2/authorize/confirm\">")
                .append(hidden("appid", app.appId()))
                .append(hidden("redirect_uri", redirectUri))
                .append(hidden("scope", scope));
        if (state != null) {
            body.append(hidden("state", state));
        }
        body.append("<p><label for=\"sandbox-user\">微信用户 / WeChat user: </label>")
                .append("<select name=\"user\" id=\"sandbox-user\">").append(options).append("</select></p>");
        if (!userinfo) {
            body.append("<p class=\"muted\" id=\"sandbox-silent-note\">真实微信中 snsapi_base 是静默授权，不会显示此页；"
                    + "沙箱需要知道是哪位用户在操作，所以仍然显示。/ In real WeChat, snsapi_base is silent and shows no page; "
                    + "the sandbox still asks, because it must know who is holding the phone.</p>");
        }
        body.append("<p><button type=\"submit\" id=\"sandbox-allow\" name=\"action\" value=\"allow\">允许 / Allow</button> ")
                .append("<button type=\"submit\" class=\"secondary\" id=\"sandbox-deny\" name=\"action\" value=\"deny\">拒绝 / Deny</button></p>")
                .append("</form>")
                .append("<p class=\"muted\">scope: <code>").append(Html.esc(scope)).append("</code> · redirect_uri: <code>")
                .append(Html.esc(redirectUri)).append("</code></p>")
                .append("</div></main>");
        return Html.page("微信授权 / WeChat authorization", body.toString());
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
}
