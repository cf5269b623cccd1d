package io.github.keycloakwechat.it.support;

import java.util.List;

/**
 * The Keycloak options of a clustered deployment, declared once: the clustered integration tests start their nodes
 * with them, and {@code DockerComposeIT} checks that {@code docker-compose.yml} deploys the same shape. Options whose
 * value differs per deployment (ports, bind addresses, database URL, hostname) are named in {@link #PER_DEPLOYMENT}:
 * both must set them, each to its own value.
 */
public final class ClusterOptions {

    /** {@code kc.sh build}: PostgreSQL, health checks, the admin tab's feature and the file vault. */
    public static final List<String> BUILD =
            List.of("--db=postgres", "--health-enabled=true", "--features=declarative-ui", "--vault=file");

    /**
     * {@code kc.sh start} on every node. {@code --cache=ispn} with the {@code jdbc-ping} stack discovers the other
     * nodes through the shared database, so no multicast is needed. The load balancer in front sets
     * {@code X-Forwarded-*}, so nodes read the client's address from it.
     */
    public static final List<String> START = List.of("--optimized", "--cache=ispn", "--cache-stack=jdbc-ping",
            "--http-enabled=true", "--proxy-headers=xforwarded");

    /** Options every node sets to a value of its own deployment. */
    public static final List<String> PER_DEPLOYMENT = List.of("--hostname", "--db-url", "--db-username",
            "--db-password", "--vault-dir");

    private ClusterOptions() {
    }
}
