package io.github.keycloakwechat.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * WeCom's app access token from {@code cgi-bin/gettoken?corpid&corpsecret}: one token per app secret, which WeCom hands
 * every caller alike until it expires, so a per-node cache needs no coordination.
 */
public final class GetTokenSource implements TokenSource {

    @Override
    public FetchedToken fetch(WeChatHttp http, WeChatAppCredentials corpApp) throws WeChatApiException {
        return FetchedToken.from(http.getJson(corpApp.url("/cgi-bin/gettoken?corpid="
                + URLEncoder.encode(corpApp.appId(), StandardCharsets.UTF_8) + "&corpsecret="
                + URLEncoder.encode(corpApp.appSecret(), StandardCharsets.UTF_8))), "GET /cgi-bin/gettoken");
    }
}
