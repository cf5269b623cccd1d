package io.github.keycloakwechat.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * WeChat's global access token from {@code cgi-bin/stable_token} with {@code force_refresh=false}, never from
 * {@code cgi-bin/token}: every {@code cgi-bin/token} call invalidates the token other holders (other Keycloak nodes,
 * the customer's own CMS) are using, whereas {@code stable_token} hands every node the same token. That is what makes
 * a per-node cache safe in a cluster without coordination.
 */
public final class StableTokenSource implements TokenSource {

    private static final String WHAT = "POST /cgi-bin/stable_token";

    @Override
    public FetchedToken fetch(WeChatHttp http, WeChatAppCredentials app) throws WeChatApiException {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("grant_type", "client_credential")
                .put("appid", app.appId())
                .put("secret", app.appSecret())
                .put("force_refresh", false);
        try {
            return FetchedToken.from(http.postJson(app.url("/cgi-bin/stable_token"), body), WHAT);
        } catch (InvalidAccessTokenException e) {
            // On the token endpoint itself 40001 means "wrong AppSecret": an admin problem, and it must not look
            // like a stale token to callers that retry on InvalidAccessTokenException.
            throw new WeChatConfigurationException(e.errcode(), e.errmsg());
        }
    }
}
