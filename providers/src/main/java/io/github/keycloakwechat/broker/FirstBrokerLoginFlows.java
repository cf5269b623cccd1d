package io.github.keycloakwechat.broker;

import io.github.keycloakwechat.identity.UnionidLinkAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

/** What a provider's first broker login flow will do, for decisions taken before the flow runs. */
final class FirstBrokerLoginFlows {

    private FirstBrokerLoginFlows() {
    }

    /** Whether the provider's first broker login flow has an enabled "Link WeChat account by unionid". */
    static boolean linksByUnionid(RealmModel realm, IdentityProviderModel provider) {
        String flowId = provider.getFirstBrokerLoginFlowId();
        if (flowId == null && realm.getFirstBrokerLoginFlow() != null) {
            flowId = realm.getFirstBrokerLoginFlow().getId();
        }
        return flowId != null && contains(realm, flowId, 0);
    }

    private static boolean contains(RealmModel realm, String flowId, int depth) {
        if (depth > 10) {
            return false;
        }
        return realm.getAuthenticationExecutionsStream(flowId).anyMatch(execution ->
                execution.getRequirement() != AuthenticationExecutionModel.Requirement.DISABLED
                        && (UnionidLinkAuthenticatorFactory.PROVIDER_ID.equals(execution.getAuthenticator())
                        || execution.isAuthenticatorFlow() && contains(realm, execution.getFlowId(), depth + 1)));
    }
}
