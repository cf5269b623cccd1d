package io.github.keycloakwechat.identity;

import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileConstants;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * Declares the WeChat attributes in the realm's user profile, admin-view only and editable by nobody, the first time a
 * WeChat person signs in. Undeclared, Keycloak 26 treats them as unmanaged: hidden from admins, and with unmanaged
 * attributes enabled, editable by the person, who could then set someone else's unionid. An admin who declared them
 * already keeps their declaration.
 */
public final class WeChatUserProfile {

    private static final Logger LOG = Logger.getLogger(WeChatUserProfile.class);

    private WeChatUserProfile() {
    }

    public static void declareAttributes(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        UPConfig current = session.getProvider(UserProfileProvider.class).getConfiguration();
        if (current.getAttribute(WeChatIdentity.UNIONID_ATTRIBUTE) != null
                && current.getAttribute(WeChatIdentity.OPENIDS_ATTRIBUTE) != null) {
            return;
        }
        // In a transaction of its own: the first logins of a realm may race to declare, and the loser's conflict must
        // not fail a login (the winner declared the same thing).
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
                own.getContext().setRealm(own.realms().getRealm(realm.getId()));
                UserProfileProvider profiles = own.getProvider(UserProfileProvider.class);
                UPConfig config = profiles.getConfiguration();
                boolean changed = declare(config, WeChatIdentity.UNIONID_ATTRIBUTE, false);
                changed |= declare(config, WeChatIdentity.OPENIDS_ATTRIBUTE, true);
                if (changed) {
                    profiles.setConfiguration(config);
                    LOG.infof("Declared the WeChat attributes %s and %s in the user profile of realm %s (admin view only)",
                            WeChatIdentity.UNIONID_ATTRIBUTE, WeChatIdentity.OPENIDS_ATTRIBUTE, realm.getName());
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("Another login declared the WeChat attributes of realm %s first: %s", realm.getName(), e.getMessage());
        }
    }

    private static boolean declare(UPConfig config, String name, boolean multivalued) {
        if (config.getAttribute(name) != null) {
            return false;
        }
        UPAttribute attribute = new UPAttribute(name,
                new UPAttributePermissions(Set.of(UserProfileConstants.ROLE_ADMIN), Set.of()));
        attribute.setMultivalued(multivalued);
        config.addOrReplaceAttribute(attribute);
        return true;
    }
}
