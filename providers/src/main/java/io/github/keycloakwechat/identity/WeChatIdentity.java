package io.github.keycloakwechat.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.keycloak.broker.oidc.mappers.AbstractJsonUserAttributeMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.UserModel;

/**
 * Builds Keycloak's view of a WeChat person. The identity is the openid of this app: always present and stable.
 * The unionid is not always returned (it needs an Open Platform binding, sometimes a follow or snsapi_userinfo),
 * so keying by "unionid, else openid" would split one person into two accounts. The unionid is kept on the user
 * instead, refreshed at every login, for linking accounts across apps; so is the openid of each app.
 */
public final class WeChatIdentity {

    /** User attribute holding the unionid; admin-view only (see {@link WeChatUserProfile}). */
    public static final String UNIONID_ATTRIBUTE = "wechat_unionid";
    /** Multi-valued user attribute, one {@code appid:openid} per WeChat app the person signed in with. */
    public static final String OPENIDS_ATTRIBUTE = "wechat_openids";
    static final String UNIONID_CONTEXT_KEY = "wechat.unionid";
    private static final String APP_OPENID_CONTEXT_KEY = "wechat.appOpenid";

    private WeChatIdentity() {
    }

    public static BrokeredIdentityContext create(IdentityProviderModel idp, String appId, String openid, String unionid) {
        return create(idp, WeChatProfile.of(appId, openid, unionid));
    }

    public static BrokeredIdentityContext create(IdentityProviderModel idp, WeChatProfile profile) {
        String openid = profile.openid();
        if (openid == null || openid.isBlank()) {
            throw new IllegalArgumentException("openid is required");
        }
        BrokeredIdentityContext context = new BrokeredIdentityContext(openid, idp);
        context.setBrokerUserId(openid);
        context.setUsername(username(profile.appId(), openid));
        if (profile.nickname() != null && !profile.nickname().isBlank()) {
            context.setFirstName(profile.nickname());
        }
        // contextData survives the serialisation of first-broker-login, and bypasses the user profile.
        if (profile.unionid() != null && !profile.unionid().isBlank()) {
            context.getContextData().put(UNIONID_CONTEXT_KEY, profile.unionid());
        }
        context.getContextData().put(APP_OPENID_CONTEXT_KEY, profile.appId() + ":" + openid);
        AbstractJsonUserAttributeMapper.storeUserProfileForMapper(context, profile.toJson(), idp.getAlias());
        return context;
    }

    /** The unionid WeChat returned for this login, or null. */
    public static String unionidOf(BrokeredIdentityContext context) {
        return context.getContextData().get(UNIONID_CONTEXT_KEY) instanceof String value && !value.isBlank() ? value : null;
    }

    /**
     * Writes the unionid and this app's openid onto the user. An absent unionid leaves the stored one alone: WeChat
     * only omits it, it never takes it back.
     */
    public static void store(UserModel user, BrokeredIdentityContext context) {
        String appOpenid = context.getContextData().get(APP_OPENID_CONTEXT_KEY) instanceof String value ? value : null;
        store(user, unionidOf(context), appOpenid);
    }

    /** The same for a login that did not go through Keycloak's broker (the Mini Program grant). */
    public static void store(UserModel user, WeChatProfile profile) {
        store(user, profile.unionid(), profile.appId() + ":" + profile.openid());
    }

    private static void store(UserModel user, String unionid, String appOpenid) {
        if (unionid != null && !unionid.isBlank() && !unionid.equals(user.getFirstAttribute(UNIONID_ATTRIBUTE))) {
            user.setSingleAttribute(UNIONID_ATTRIBUTE, unionid);
        }
        if (appOpenid == null) {
            return;
        }
        List<String> openids = user.getAttributeStream(OPENIDS_ATTRIBUTE).toList();
        if (!openids.contains(appOpenid)) {
            // One openid per app: an app's earlier value (there should be none) gives way to the one WeChat returned now.
            String app = appOpenid.substring(0, appOpenid.indexOf(':') + 1);
            List<String> updated = new ArrayList<>(openids.stream().filter(value -> !value.startsWith(app)).toList());
            updated.add(appOpenid);
            user.setAttribute(OPENIDS_ATTRIBUTE, updated);
        }
    }

    /**
     * Keycloak lower-cases usernames but openids are case-sensitive, so the openid itself could collide; a digest
     * of app and openid cannot. It is only a display handle: the link to WeChat is the federated identity.
     */
    public static String username(String appId, String openid) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((appId + ":" + openid).getBytes(StandardCharsets.UTF_8));
            return "wechat-" + HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
