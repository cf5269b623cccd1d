package io.github.keycloakwechat.miniprogram;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;

/** Registers the Mini Program grant; Keycloak lists it in the realm's {@code grant_types_supported}. */
public class MiniProgramGrantTypeFactory implements OAuth2GrantTypeFactory {

    /** An absolute URI of this project's own, as RFC 6749 §4.5 asks of extension grants. */
    public static final String GRANT_TYPE = "urn:io.github.keycloakwechat:grant-type:miniprogram";

    @Override
    public String getId() {
        return GRANT_TYPE;
    }

    @Override
    public String getShortcut() {
        return "wx";
    }

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new MiniProgramGrantType();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
