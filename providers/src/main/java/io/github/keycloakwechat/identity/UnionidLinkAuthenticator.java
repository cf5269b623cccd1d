package io.github.keycloakwechat.identity;

import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * First broker login, no prompt: links a WeChat person to the one existing user whose {@code wechat_unionid} equals
 * the unionid WeChat returned for this login (another WeChat app of the same Open Platform account signed them in
 * before). Anything less certain hands over to the rest of the flow: no unionid (WeChat did not vouch for one), no
 * such user, two such users, or a user already linked to this provider under another openid.
 */
public class UnionidLinkAuthenticator extends SilentLinkAuthenticator {

    private static final Logger LOG = Logger.getLogger(UnionidLinkAuthenticator.class);

    @Override
    protected void authenticateImpl(AuthenticationFlowContext context, SerializedBrokeredIdentityContext serializedCtx,
                                    BrokeredIdentityContext brokerContext) {
        String unionid = WeChatIdentity.unionidOf(brokerContext);
        if (unionid == null) {
            context.attempted();
            return;
        }
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        List<UserModel> matches = session.users()
                .searchForUserByUserAttributeStream(realm, WeChatIdentity.UNIONID_ATTRIBUTE, unionid).limit(2).toList();
        String alias = brokerContext.getIdpConfig().getAlias();
        if (matches.size() != 1) {
            if (matches.size() > 1) {
                LOG.warnf("Not linking a %s login by unionid in realm %s: several users hold that unionid", alias,
                        realm.getName());
            }
            context.attempted();
            return;
        }
        UserModel user = matches.get(0);
        if (session.users().getFederatedIdentity(realm, user, alias) != null) {
            LOG.warnf("Not linking a %s login by unionid to user %s in realm %s: it is linked to %s under another openid",
                    alias, user.getId(), realm.getName(), alias);
            context.attempted();
            return;
        }
        LOG.debugf("Linking a %s login to user %s by unionid", alias, user.getId());
        link(context, user, WeChatIdentity.UNIONID_ATTRIBUTE, unionid);
    }
}
