package io.github.keycloakwechat.broker;

import io.github.keycloakwechat.api.AccessTokenCache;
import io.github.keycloakwechat.api.CallDeadlines;
import io.github.keycloakwechat.api.ErrcodeTable;
import io.github.keycloakwechat.api.TokenSource;
import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.api.WeChatAppCredentials;
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
    private final TokenSource tokenSource;
    private final AccessTokenCache tokens;
    private final CallDeadlines deadlines = new CallDeadlines(WeChatHttp.MAX_TIMEOUT);

    public WeChatApiClients(ErrcodeTable errcodes, TokenSource tokenSource) {
        this.errcodes = errcodes;
        this.tokenSource = tokenSource;
        this.tokens = new AccessTokenCache(tokenSource);
    }

    /** For a product whose login needs no server access token (Open Platform website login: web OAuth only). */
    public WeChatApiClients(ErrcodeTable errcodes) {
        this.errcodes = errcodes;
        this.tokenSource = null;
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
        return tokenSource != null;
    }

    /**
     * Asks the product for an access token past this node's cache, to check the app's credentials and this server's
     * IP (diagnostics). {@code stable_token} without force refresh and WeCom's {@code gettoken} hand back the token
     * in force, so nothing else using the app is disturbed.
     *
     * @return the token's lifetime in seconds; the token itself is not kept
     */
    public long fetchTokenPastCache(KeycloakSession session, WeChatAppCredentials app) throws WeChatApiException {
        return tokenSource.fetch(http(session), app).expiresInSeconds();
    }

    @Override
    public void close() {
        deadlines.close();
    }
}
