package io.github.keycloakwechat.miniprogram;

import io.github.keycloakwechat.api.MiniProgramApi.MiniProgramLogin;
import io.github.keycloakwechat.api.MiniProgramApi.VerifiedPhone;
import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.broker.NewUsers;
import io.github.keycloakwechat.identity.WeChatIdentity;
import io.github.keycloakwechat.identity.WeChatProfile;
import io.github.keycloakwechat.identity.WeChatUserProfile;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Who a Mini Program login is, in the order a person would expect: the user already linked to this Mini Program's
 * openid; else the one user holding the unionid WeChat returned; else, when the admin allows it, the one user whose
 * phone attribute holds the number WeChat verified; else a new user, when new users are allowed. Links are made only
 * by identifiers WeChat returned for this login, and never when two users match.
 */
final class MiniProgramAccounts {

    private static final Logger LOG = Logger.getLogger(MiniProgramAccounts.class);

    /** The verified phone number, fetched only when it is needed. */
    interface PhoneLookup {
        VerifiedPhone get() throws WeChatApiException;
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final MiniProgramConfig config;

    MiniProgramAccounts(KeycloakSession session, RealmModel realm, MiniProgramConfig config) {
        this.session = session;
        this.realm = realm;
        this.config = config;
    }

    /** The user of this login; {@code phone} is null when the request carried no phone_code. */
    Resolved resolve(MiniProgramLogin login, PhoneLookup phone) throws WeChatApiException, GrantRefusedException {
        WeChatProfile profile = WeChatProfile.of(config.appId(), login.openid(), login.unionid());
        UserModel user = session.users().getUserByFederatedIdentity(realm,
                new FederatedIdentityModel(config.getAlias(), login.openid(), null));
        if (user != null) {
            return existing(user, profile, false);
        }
        if (login.unionid() != null) {
            UserModel byUnionid = theOne(WeChatIdentity.UNIONID_ATTRIBUTE, login.unionid(), "unionid");
            if (byUnionid != null) {
                return existing(byUnionid, profile, true);
            }
        }
        boolean phoneNeeded = config.phoneSignIn() == PhoneSignIn.LINK || config.storesPhone();
        VerifiedPhone verified = phone == null || !phoneNeeded ? null : phone.get();
        if (verified != null && config.phoneSignIn() == PhoneSignIn.LINK && isChinese(verified)) {
            UserModel byPhone = theOne(config.phoneAttribute(), verified.purePhoneNumber(), "phone number");
            if (byPhone != null) {
                return existing(byPhone, profile, true);
            }
        }
        if (config.newUsers() == NewUsers.REFUSE) {
            throw GrantRefusedException.invalidGrant("This WeChat account is not bound to an account here. Sign in "
                    + "another way and bind WeChat under account settings.");
        }
        return created(profile, verified);
    }

    /**
     * Stored numbers carry no country code, so only a mainland number (+86) can be compared with them; an 8-digit
     * Hong Kong number must not sign in as the Singapore user with the same digits.
     */
    private static boolean isChinese(VerifiedPhone phone) {
        return phone.countryCode() == null || "86".equals(phone.countryCode());
    }

    /** The one user with this attribute value; null when there is none; refused when there are several. */
    private UserModel theOne(String attribute, String value, String what) throws GrantRefusedException {
        List<UserModel> matches = session.users().searchForUserByUserAttributeStream(realm, attribute, value)
                .limit(2).toList();
        if (matches.size() > 1) {
            LOG.warnf("Mini Program provider %s refused a login in realm %s: several users hold its %s",
                    config.getAlias(), realm.getName(), what);
            throw GrantRefusedException.invalidGrant("Several accounts hold this " + what
                    + "; ask the administrator to resolve it.");
        }
        return matches.isEmpty() ? null : matches.get(0);
    }

    private Resolved existing(UserModel user, WeChatProfile profile, boolean link) throws GrantRefusedException {
        if (!user.isEnabled()) {
            throw GrantRefusedException.invalidGrant("The account is disabled.");
        }
        if (user.getRequiredActionsStream().findAny().isPresent()) {
            // As Keycloak's own direct grants: a person who owes the realm an action must do it in a browser first.
            throw GrantRefusedException.invalidGrant("Account is not fully set up; sign in once in a browser.");
        }
        if (link) {
            if (session.users().getFederatedIdentity(realm, user, config.getAlias()) != null) {
                throw GrantRefusedException.invalidGrant("The account is bound to another WeChat account of this Mini Program.");
            }
            session.users().addFederatedIdentity(realm, user,
                    new FederatedIdentityModel(config.getAlias(), profile.openid(), profile.openid()));
        }
        WeChatUserProfile.declareAttributes(session);
        WeChatIdentity.store(user, profile);
        return new Resolved(user, link, false);
    }

    private Resolved created(WeChatProfile profile, VerifiedPhone phone) throws GrantRefusedException {
        String username = WeChatIdentity.username(profile.appId(), profile.openid());
        if (session.users().getUserByUsername(realm, username) != null) {
            // The person's account unlinked this Mini Program (Account Console) and has no unionid to find it by.
            throw GrantRefusedException.invalidGrant("This WeChat account was unbound from its account here. Sign in "
                    + "another way and bind WeChat under account settings.");
        }
        UserModel user = session.users().addUser(realm, username);
        user.setEnabled(true);
        if (phone != null && config.storesPhone()) {
            user.setSingleAttribute(config.phoneAttribute(), phone.purePhoneNumber());
        }
        session.users().addFederatedIdentity(realm, user,
                new FederatedIdentityModel(config.getAlias(), profile.openid(), profile.openid()));
        WeChatUserProfile.declareAttributes(session);
        WeChatIdentity.store(user, profile);
        return new Resolved(user, true, true);
    }

    /** The user, and whether this login linked or created them (for the events). */
    record Resolved(UserModel user, boolean linked, boolean created) {
    }
}
