package io.github.keycloakwechat.bench.baseline;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Benchmark-only: {@code /realms/{realm}/bench-baseline}, a realm resource that answers a constant. It costs what
 * every Keycloak realm request costs (HTTP, JAX-RS routing, the request's Keycloak session and transaction, the realm
 * lookup) and nothing else, so a benchmark can set an endpoint's throughput against it on the same server. Packaged
 * in {@code keycloak-wechat-benchmarks-*-baseline.jar}, which only the benchmarks install; never in a release.
 */
public final class BaselineResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "bench-baseline";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new BaselineResourceProvider();
    }

    @Override
    public void init(Config.Scope config) {
        // nothing to configure
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to start
    }

    @Override
    public void close() {
        // nothing to stop
    }

    @Override
    public String getId() {
        return ID;
    }
}
