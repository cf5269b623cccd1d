package io.github.keycloakwechat.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.UserModel;

/**
 * Builds Keycloak's view of a WeChat person. The identity is the openid of this app: always present and stable.
 * The unionid is not always returned (it needs an Open Platform binding, sometimes a follow or snsapi_userinfo),
 * so keying by "unionid, else openid" would split one person into two accounts. The unionid is kept on the user
 * instead, refreshed at every login, for linking accounts across apps.
 */
public final class WeChatIdentity {

    /** User attribute holding the unionid; the realm's user profile should make it admin-view only. */
    public static final String UNIONID_ATTRIBUTE = "wechat_unionid";
    private static final String UNIONID_CONTEXT_KEY = "wechat.unionid";

    private WeChatIdentity() {
    }

    public static BrokeredIdentityContext create(IdentityProviderModel idp, String appId, String openid, String unionid) {
        if (openid == null || openid.isBlank()) {
            throw new IllegalArgumentException("openid is required");
        }
        BrokeredIdentityContext context = new BrokeredIdentityContext(openid, idp);
        context.setBrokerUserId(openid);
        context.setUsername(username(appId, openid));
        if (unionid != null && !unionid.isBlank()) {
            // contextData survives the serialisation of first-broker-login, and bypasses the user profile.
            context.getContextData().put(UNIONID_CONTEXT_KEY, unionid);
        }
        return context;
    }

    /** Writes the unionid the login returned onto the user; an absent unionid leaves the stored one alone. */
    public static void storeUnionid(UserModel user, BrokeredIdentityContext context) {
        Object unionid = context.getContextData().get(UNIONID_CONTEXT_KEY);
        if (unionid instanceof String value && !value.isBlank()
                && !value.equals(user.getFirstAttribute(UNIONID_ATTRIBUTE))) {
            user.setSingleAttribute(UNIONID_ATTRIBUTE, value);
        }
    }

    /**
     * Keycloak lower-cases usernames but openids are case-sensitive, so the openid itself could collide; a digest
     * of app and openid cannot. It is only a display handle: the link to WeChat is the federated identity.
     */
    static String username(String appId, String openid) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((appId + ":" + openid).getBytes(StandardCharsets.UTF_8));
            return "wechat-" + HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
