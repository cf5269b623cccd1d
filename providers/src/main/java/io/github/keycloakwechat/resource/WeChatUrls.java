package io.github.keycloakwechat.resource;

import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.urls.UrlType;

/**
 * The public URLs of the {@code /realms/{realm}/wechat} routes: on Keycloak's frontend URL (its {@code --hostname},
 * with any relative path), which is what WeChat's servers and people's phones reach, whatever host the request that
 * builds the URL came in on.
 */
public final class WeChatUrls {

    private WeChatUrls() {
    }

    /** {@code <frontend>/realms/{realmName}/wechat}, to append a route to. */
    public static UriBuilder routes(KeycloakSession session, String realmName) {
        return UriBuilder.fromUri(session.getContext().getUri(UrlType.FRONTEND).getBaseUri()).path("realms")
                .path(realmName).path(WeChatResourceProviderFactory.ID);
    }
}
