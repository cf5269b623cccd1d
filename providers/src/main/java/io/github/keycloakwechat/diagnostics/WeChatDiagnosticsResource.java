package io.github.keycloakwechat.diagnostics;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
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

    @GET
    @Path("{alias}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response diagnose(@PathParam("alias") String alias) {
        auth.realm().requireManageRealm();
        return WeChatDiagnostics.run(session, alias)
                .map(report -> Response.ok(report).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(Map.of("error", "realm " + realm.getName() + " has no WeChat-family identity provider " + alias))
                        .type(MediaType.APPLICATION_JSON_TYPE).build());
    }
}
