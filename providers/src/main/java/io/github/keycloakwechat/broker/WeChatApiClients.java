package io.github.keycloakwechat.broker;

import io.github.keycloakwechat.api.AccessTokenCache;
import io.github.keycloakwechat.api.CallDeadlines;
import io.github.keycloakwechat.api.ErrcodeTable;
import io.github.keycloakwechat.api.TokenSource;
import io.github.keycloakwechat.api.WeChatHttp;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;

/**
 * A product's per-node API machinery, held by its provider factory: the access-token cache (one token per app per
 * node, shared by every login on the node) and the call deadlines. Calls go out through Keycloak's own HTTP client,
 * taken from the session, so the operator's proxy mappings and truststore apply.
 */
public final class WeChatApiClients implements AutoCloseable {

    private final ErrcodeTable errcodes;
    private final AccessTokenCache tokens;
    private final CallDeadlines deadlines = new CallDeadlines(WeChatHttp.MAX_TIMEOUT);

    public WeChatApiClients(ErrcodeTable errcodes, TokenSource tokenSource) {
        this.errcodes = errcodes;
        this.tokens = new AccessTokenCache(tokenSource);
    }

    /** For a product whose login needs no server access token (Open Platform website login: web OAuth only). */
    public WeChatApiClients(ErrcodeTable errcodes) {
        this.errcodes = errcodes;
        this.tokens = null;
    }

    public WeChatHttp http(KeycloakSession session) {
        return new WeChatHttp(session.getProvider(HttpClientProvider.class).getHttpClient(), deadlines, errcodes);
    }

    public AccessTokenCache tokens() {
        if (tokens == null) {
            throw new IllegalStateException("this product's provider has no access-token source");
        }
        return tokens;
    }

    public boolean hasTokenSource() {
        return tokens != null;
    }

    @Override
    public void close() {
        deadlines.close();
    }
}
