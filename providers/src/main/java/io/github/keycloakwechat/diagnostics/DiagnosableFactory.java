package io.github.keycloakwechat.diagnostics;

import java.util.List;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/**
 * A provider factory whose settings can be checked against WeChat or WeCom before anyone signs in: the admin
 * diagnostics endpoint finds providers by this capability and adds the realm's own checks.
 */
public interface DiagnosableFactory {

    /** This provider's checks, each calling the product as a login would; never a secret in the result. */
    List<DiagnosticCheck> diagnose(KeycloakSession session, IdentityProviderModel model);
}
