package io.github.keycloakwechat.diagnostics;

import io.github.keycloakwechat.identity.WeChatIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributeRequired;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileConstants;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.vault.VaultProvider;

/**
 * The realm-side traps of a first WeChat sign-in, checked before anyone meets them: no vault (every push then fails),
 * a unionid attribute people could see or edit, and a user profile or first-login flow that stops a WeChat person at a
 * form (WeChat gives neither an email nor names).
 */
final class RealmReadiness {

    private static final String REVIEW_PROFILE = "idp-review-profile";
    private static final String REVIEW_PROFILE_OPTION = "update.profile.on.first.login";

    private final KeycloakSession session;
    private final RealmModel realm;

    RealmReadiness(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    List<DiagnosticCheck> checks(IdentityProviderModel model) {
        UPConfig profile = session.getProvider(UserProfileProvider.class).getConfiguration();
        return List.of(vault(), unionidAttribute(profile), userProfile(profile), reviewProfile(model));
    }

    private DiagnosticCheck vault() {
        if (session.getProvider(VaultProvider.class) == null) {
            return DiagnosticCheck.problem("vault", "Keycloak runs without a vault, so the Token and EncodingAESKey"
                    + " references cannot be read and every push is refused (503)",
                    "Build with `kc.sh build --vault=file` (or add --vault=file to start-dev) and start with"
                            + " --vault-dir=<directory with one file per secret>", null);
        }
        return DiagnosticCheck.ok("vault", "A vault is configured", null);
    }

    private DiagnosticCheck unionidAttribute(UPConfig profile) {
        String name = WeChatIdentity.UNIONID_ATTRIBUTE;
        UPAttribute attribute = profile.getAttribute(name);
        if (attribute == null) {
            return DiagnosticCheck.ok("unionid-attribute", "Attribute " + name + " is declared at the first WeChat"
                    + " sign-in, viewable by admins only and editable by nobody", null);
        }
        Set<String> view = attribute.getPermissions() == null ? Set.of() : attribute.getPermissions().getView();
        Set<String> edit = attribute.getPermissions() == null ? Set.of() : attribute.getPermissions().getEdit();
        if ((edit != null && edit.contains(UserProfileConstants.ROLE_USER))
                || (view != null && view.contains(UserProfileConstants.ROLE_USER))) {
            return DiagnosticCheck.problem("unionid-attribute", "Users can " + (edit != null
                    && edit.contains(UserProfileConstants.ROLE_USER) ? "edit" : "see") + " attribute " + name
                    + "; whoever can set it could take over another person's WeChat sign-in",
                    "Realm settings → User profile → " + name + ": Who can view: Admin only; Who can edit: nobody",
                    Map.of("view", view == null ? Set.of() : view, "edit", edit == null ? Set.of() : edit));
        }
        return DiagnosticCheck.ok("unionid-attribute", "Attribute " + name + " is not visible to users", null);
    }

    /** Attributes a person must fill in on first sign-in: required for users, whatever the scope. */
    private DiagnosticCheck userProfile(UPConfig profile) {
        List<String> asked = new ArrayList<>();
        for (UPAttribute attribute : profile.getAttributes()) {
            UPAttributeRequired required = attribute.getRequired();
            if (UserModel.USERNAME.equals(attribute.getName()) || required == null) {
                continue;
            }
            boolean forUsers = required.getRoles() == null || required.getRoles().isEmpty()
                    || required.getRoles().contains(UserProfileConstants.ROLE_USER);
            boolean always = required.getScopes() == null || required.getScopes().isEmpty();
            if (forUsers && always) {
                asked.add(attribute.getName());
            }
        }
        if (!asked.isEmpty()) {
            return DiagnosticCheck.problem("user-profile", "The user profile requires " + String.join(", ", asked)
                    + " from users; WeChat provides none of them, so a person's first WeChat sign-in stops at"
                    + " \"Update Account Information\"",
                    "Realm settings → User profile → each of " + String.join(", ", asked) + ": turn Required field off,"
                            + " or require it for admins only (or only when a client asks for a scope)",
                    Map.of("requiredForUsers", asked));
        }
        return DiagnosticCheck.ok("user-profile", "Nothing the user profile requires is missing for a WeChat person", null);
    }

    private DiagnosticCheck reviewProfile(IdentityProviderModel model) {
        String flowId = model.getFirstBrokerLoginFlowId() != null ? model.getFirstBrokerLoginFlowId()
                : realm.getFirstBrokerLoginFlow() == null ? null : realm.getFirstBrokerLoginFlow().getId();
        if (flowId != null && alwaysReviews(flowId)) {
            return DiagnosticCheck.problem("first-login-flow", "The first broker login flow of this provider shows"
                    + " \"Review profile\" to every new person (" + REVIEW_PROFILE_OPTION + " = on)",
                    "Authentication → the provider's first login flow → Review Profile → settings: Update profile on"
                            + " first login = missing", null);
        }
        return DiagnosticCheck.ok("first-login-flow", "The first login flow asks for a profile only when something"
                + " required is missing", null);
    }

    private boolean alwaysReviews(String flowId) {
        for (AuthenticationExecutionModel execution : realm.getAuthenticationExecutionsStream(flowId).toList()) {
            if (execution.isAuthenticatorFlow() && execution.getFlowId() != null && alwaysReviews(execution.getFlowId())) {
                return true;
            }
            if (REVIEW_PROFILE.equals(execution.getAuthenticator()) && !execution.isDisabled()
                    && execution.getAuthenticatorConfig() != null) {
                AuthenticatorConfigModel config = realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
                if (config != null && config.getConfig() != null && "on".equals(config.getConfig().get(REVIEW_PROFILE_OPTION))) {
                    return true;
                }
            }
        }
        return false;
    }
}
