package io.github.keycloakwechat.bench.baseline;

import org.keycloak.services.resource.RealmResourceProvider;

/** One per request; the resource is stateless. */
public final class BaselineResourceProvider implements RealmResourceProvider {

    @Override
    public Object getResource() {
        return new BaselineResource();
    }

    @Override
    public void close() {
        // nothing held
    }
}
