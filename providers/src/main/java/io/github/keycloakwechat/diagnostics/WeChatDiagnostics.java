package io.github.keycloakwechat.diagnostics;

import io.github.keycloakwechat.broker.WeChatProviders;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Runs the checks of one WeChat-family provider and of its realm. The admin REST endpoint and the admin console tab
 * both run them through here, so an admin reads the same report either way.
 */
public final class WeChatDiagnostics {

    private WeChatDiagnostics() {
    }

    /**
     * @param ok     no check found a problem
     * @param checks the provider's own checks, then the realm's
     */
    public record Report(String alias, String providerId, boolean ok, List<DiagnosticCheck> checks) {
    }

    /**
     * Checks the provider {@code alias} of the session's realm (the realm of the admin request: the checks read the
     * provider and build the push URL through it).
     *
     * @return empty when that realm has no WeChat-family provider of that alias
     */
    public static Optional<Report> run(KeycloakSession session, String alias) {
        RealmModel realm = session.getContext().getRealm();
        IdentityProviderModel model = session.identityProviders().getByAlias(alias);
        DiagnosableFactory factory = WeChatProviders.factoryWith(session, model, DiagnosableFactory.class).orElse(null);
        if (factory == null) {
            return Optional.empty();
        }
        List<DiagnosticCheck> checks = new ArrayList<>(factory.diagnose(session, model));
        checks.addAll(new RealmReadiness(session, realm).checks(model));
        return Optional.of(new Report(alias, model.getProviderId(),
                checks.stream().noneMatch(DiagnosticCheck::isProblem), checks));
    }
}
