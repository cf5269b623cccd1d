package io.github.keycloakwechat.api;

import static io.github.keycloakwechat.api.JsonFields.optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * WeCom (企业微信) login calls, with the app's access token: who a login code belongs to ({@code auth/getuserinfo}),
 * the member's sensitive fields for a {@code snsapi_privateinfo} login ({@code auth/getuserdetail}), and the member's
 * name ({@code user/get}).
 */
public final class WeComApi {

    private final WeChatHttp http;
    private final AccessTokenCache tokens;
    private final WeChatAppCredentials corpApp;

    public WeComApi(WeChatHttp http, AccessTokenCache tokens, WeChatAppCredentials corpApp) {
        this.http = http;
        this.tokens = tokens;
        this.corpApp = corpApp;
    }

    /** The person behind a login code: a member's userid, or, for someone outside the corp, no userid at all. */
    public WeComLogin userOfCode(String code) throws WeChatApiException {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("code is required");
        }
        JsonNode answer = tokens.call(http, corpApp, token -> http.getJson(corpApp.url(
                "/cgi-bin/auth/getuserinfo?access_token=" + enc(token) + "&code=" + enc(code))));
        return new WeComLogin(optional(answer, "userid"), optional(answer, "user_ticket"));
    }

    /** A member's mobile and email, as far as the app may see them and the member allowed; absent fields are null. */
    public WeComMemberDetail detail(String userTicket) throws WeChatApiException {
        JsonNode answer = tokens.call(http, corpApp, token -> http.postJson(corpApp.url(
                "/cgi-bin/auth/getuserdetail?access_token=" + enc(token)),
                JsonNodeFactory.instance.objectNode().put("user_ticket", userTicket)));
        return new WeComMemberDetail(optional(answer, "mobile"), optional(answer, "email"), optional(answer, "biz_mail"),
                optional(answer, "avatar"));
    }

    /** The member's display name. */
    public String name(String userid) throws WeChatApiException {
        JsonNode answer = tokens.call(http, corpApp, token -> http.getJson(corpApp.url(
                "/cgi-bin/user/get?access_token=" + enc(token) + "&userid=" + enc(userid))));
        return optional(answer, "name");
    }

    /** @param userid null for someone who is not a member of the corp */
    public record WeComLogin(String userid, String userTicket) {
        @Override
        public String toString() {
            return "WeComLogin[userid=" + userid + ", userTicket=" + (userTicket == null ? null : "***") + "]";
        }
    }

    public record WeComMemberDetail(String mobile, String email, String bizMail, String avatar) {
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
