package io.github.keycloakwechat.api;

import static io.github.keycloakwechat.api.JsonFields.optional;
import static io.github.keycloakwechat.api.JsonFields.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Mini Program (小程序) login calls: {@code sns/jscode2session} for the code of {@code wx.login()}, and
 * {@code wxa/business/getuserphonenumber} for the code of the getPhoneNumber button.
 *
 * <p>{@code jscode2session} also answers a {@code session_key}. It is never read here: it would let whoever holds it
 * decrypt the person's data and forge their signatures, and a login needs only the openid and unionid.
 */
public final class MiniProgramApi {

    private final WeChatHttp http;
    private final AccessTokenCache tokens;
    private final WeChatAppCredentials app;

    public MiniProgramApi(WeChatHttp http, AccessTokenCache tokens, WeChatAppCredentials app) {
        if (http == null || tokens == null || app == null) {
            throw new IllegalArgumentException("http, tokens and app are required");
        }
        this.http = http;
        this.tokens = tokens;
        this.app = app;
    }

    /** Who the code of {@code wx.login()} belongs to. Codes are single-use and live 5 minutes. */
    public MiniProgramLogin codeToSession(String jsCode) throws WeChatApiException {
        if (jsCode == null || jsCode.isBlank()) {
            throw new IllegalArgumentException("code is required");
        }
        JsonNode answer = http.getJson(app.url("/sns/jscode2session?appid=" + enc(app.appId()) + "&secret="
                + enc(app.appSecret()) + "&js_code=" + enc(jsCode) + "&grant_type=authorization_code"));
        return new MiniProgramLogin(required(answer, "openid", "GET /sns/jscode2session"), optional(answer, "unionid"));
    }

    /** The phone number WeChat verified for the code of the getPhoneNumber button, without country code. */
    public VerifiedPhone phoneNumber(String phoneCode) throws WeChatApiException {
        if (phoneCode == null || phoneCode.isBlank()) {
            throw new IllegalArgumentException("phone code is required");
        }
        JsonNode answer = tokens.call(http, app, token -> http.postJson(
                app.url("/wxa/business/getuserphonenumber?access_token=" + enc(token)),
                JsonNodeFactory.instance.objectNode().put("code", phoneCode)));
        JsonNode info = answer.path("phone_info");
        String what = "POST /wxa/business/getuserphonenumber";
        return new VerifiedPhone(required(info, "purePhoneNumber", what), optional(info, "countryCode"));
    }

    /** The person behind a {@code wx.login()} code; {@code unionid} only for an app bound to an Open Platform account. */
    public record MiniProgramLogin(String openid, String unionid) {
    }

    /** A phone number WeChat verified by SMS, e.g. {@code 13800000001} in country {@code 86}. */
    public record VerifiedPhone(String purePhoneNumber, String countryCode) {
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
