package io.github.keycloakwechat.wecom;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakwechat.identity.SilentLinkAuthenticator;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.oidc.mappers.AbstractJsonUserAttributeMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * First broker login of a WeCom member: links, without a prompt, to the one existing user whose mobile or email equals
 * what WeCom verified for the member (WeCom vouches for its members' contacts; only an in-client
 * {@code snsapi_privateinfo} login carries them). Where WeCom returned neither, it can link by username = userid, for
 * realms whose usernames come from the same company directory (off by default). Two matching users are refused with a
 * page, never guessed. When no user matches, the "when no user matches" switch creates (hands over) or refuses.
 */
public class WeComMemberLinkAuthenticator extends SilentLinkAuthenticator {

    private static final Logger LOG = Logger.getLogger(WeComMemberLinkAuthenticator.class);

    @Override
    protected void authenticateImpl(AuthenticationFlowContext context, SerializedBrokeredIdentityContext serializedCtx,
                                    BrokeredIdentityContext brokerContext) {
        if (!WeComIdentityProviderFactory.PROVIDER_ID.equals(brokerContext.getIdpConfig().getProviderId())) {
            context.attempted();
            return;
        }
        Map<String, String> config = config(context);
        RealmModel realm = context.getRealm();
        KeycloakSession session = context.getSession();
        MemberLinkBy linkBy = linkBy(config);
        // Only what WeCom returned: the brokered context's email may have been typed on the review-profile form.
        JsonNode profile = (JsonNode) brokerContext.getContextData().get(AbstractJsonUserAttributeMapper.CONTEXT_JSON_NODE);
        String mobile = profile == null ? null : profile.path("mobile").asText(null);
        String email = profile == null ? null : profile.path("email").asText(null);

        Map<String, UserModel> matches = new LinkedHashMap<>();
        if (mobile != null && linkBy != MemberLinkBy.EMAIL) {
            String attribute = config.getOrDefault(WeComMemberLinkAuthenticatorFactory.PHONE_ATTRIBUTE, "phoneNumber");
            session.users().searchForUserByUserAttributeStream(realm, attribute, mobile).limit(2)
                    .forEach(user -> matches.put(user.getId(), user));
        }
        if (email != null && linkBy != MemberLinkBy.MOBILE) {
            UserModel byEmail = session.users().getUserByEmail(realm, email);
            // An unverified email could be anyone's claim; only a verified one identifies the user.
            if (byEmail != null && byEmail.isEmailVerified()) {
                matches.put(byEmail.getId(), byEmail);
            }
        }
        if (matches.isEmpty() && mobile == null && email == null
                && Boolean.parseBoolean(config.get(WeComMemberLinkAuthenticatorFactory.LINK_BY_USERNAME))) {
            UserModel byUsername = session.users().getUserByUsername(realm, brokerContext.getBrokerUserId());
            if (byUsername != null) {
                matches.put(byUsername.getId(), byUsername);
            }
        }
        String alias = brokerContext.getIdpConfig().getAlias();
        if (matches.size() > 1) {
            LOG.warnf("Not linking a %s member in realm %s: several users hold their mobile or email", alias, realm.getName());
            refuse(context, "wecomAmbiguousMember");
            return;
        }
        if (matches.isEmpty()) {
            if ("refuse".equalsIgnoreCase(config.get(WeComMemberLinkAuthenticatorFactory.ON_NO_MATCH))) {
                refuse(context, "wechatNotBound");
            } else {
                context.attempted();
            }
            return;
        }
        UserModel user = matches.values().iterator().next();
        LOG.debugf("Linking a %s member to user %s by verified contact", alias, user.getId());
        link(context, user, "wecom", brokerContext.getBrokerUserId());
    }

    private static MemberLinkBy linkBy(Map<String, String> config) {
        String value = config.getOrDefault(WeComMemberLinkAuthenticatorFactory.LINK_BY, MemberLinkBy.MOBILE.configValue());
        for (MemberLinkBy option : MemberLinkBy.values()) {
            if (option.configValue().equalsIgnoreCase(value.trim())) {
                return option;
            }
        }
        LOG.warnf("Link WeCom member: unknown 'Link by' value %s; linking by mobile", value);
        return MemberLinkBy.MOBILE;
    }

    private static Map<String, String> config(AuthenticationFlowContext context) {
        AuthenticatorConfigModel model = context.getAuthenticatorConfig();
        return model == null || model.getConfig() == null ? Map.of() : model.getConfig();
    }

    private static void refuse(AuthenticationFlowContext context, String messageKey) {
        Response page = context.form().setError(messageKey).createErrorPage(Response.Status.CONFLICT);
        context.failureChallenge(AuthenticationFlowError.INVALID_USER, page);
    }
}
