package io.github.keycloakwechat.diagnostics;

import io.github.keycloakwechat.broker.WeChatProviders;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code GET /admin/realms/{realm}/wechat-diagnostics/{alias}}: checks one WeChat-family provider against WeChat or
 * WeCom and the realm against the traps of a first sign-in, and says in words what to fix. Needs manage-realm: it
 * spends WeChat quota (a test QR code) and reads settings that lead to secrets.
 */
public class WeChatDiagnosticsResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    WeChatDiagnosticsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    /**
     * @param ok     no check found a problem
     * @param checks the provider's own checks, then the realm's
     */
    public record Report(String alias, String providerId, boolean ok, List<DiagnosticCheck> checks) {
    }

    @GET
    @Path("{alias}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response diagnose(@PathParam("alias") String alias) {
        auth.realm().requireManageRealm();
        IdentityProviderModel model = session.identityProviders().getByAlias(alias);
        DiagnosableFactory factory = WeChatProviders.factoryWith(session, model, DiagnosableFactory.class).orElse(null);
        if (factory == null) {
            return Response.status(Response.Status.NOT_FOUND)
                    .entity(Map.of("error", "realm " + realm.getName() + " has no WeChat-family identity provider " + alias))
                    .type(MediaType.APPLICATION_JSON_TYPE).build();
        }
        List<DiagnosticCheck> checks = new ArrayList<>(factory.diagnose(session, model));
        checks.addAll(new RealmReadiness(session, realm).checks(model));
        return Response.ok(new Report(alias, model.getProviderId(), checks.stream().noneMatch(DiagnosticCheck::isProblem),
                checks)).build();
    }
}
