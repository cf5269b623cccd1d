package io.github.keycloakwechat.scan;

import io.github.keycloakwechat.resource.WeChatUrls;
import org.keycloak.models.KeycloakSession;

/**
 * The link a scanner is sent when the scan must be confirmed on the phone ("confirm on the phone"). Its token makes
 * the link unguessable; the scan keeps only the token's hash. The link alone is not enough: the page it opens asks
 * WeChat who is holding the phone.
 *
 * @param url       {@code /realms/{realm}/wechat/confirm/{scene}?t={token}} on Keycloak's public host
 * @param tokenHash what the scan session stores
 */
public record ScanConfirmLink(String url, String tokenHash) {

    /** The route under {@code /realms/{realm}/wechat}. */
    public static final String PATH = "confirm";
    public static final String TOKEN_PARAM = "t";

    public static ScanConfirmLink create(KeycloakSession session, String realmName, String sceneId) {
        String token = SceneIds.newToken();
        String url = WeChatUrls.routes(session, realmName).path(PATH).path(sceneId).queryParam(TOKEN_PARAM, token)
                .build().toString();
        return new ScanConfirmLink(url, SceneIds.hash(token));
    }
}
