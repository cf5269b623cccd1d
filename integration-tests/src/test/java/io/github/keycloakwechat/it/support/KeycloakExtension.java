package io.github.keycloakwechat.it.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link KeycloakServer} and {@link AdminClient} parameters. The server is started lazily, once per test
 * JVM, and kept in the root {@link ExtensionContext.Store}, which closes it when the whole run is over. If it cannot
 * start, that failure is remembered and reported to every test that asks, instead of trying again each time.
 */
public final class KeycloakExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KeycloakServer.class || type == AdminClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Shared shared = shared(context);
        Class<?> type = parameter.getParameter().getType();
        try {
            return type == KeycloakServer.class ? shared.server() : shared.admin();
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("Keycloak is not available: " + e.getMessage(), e);
        }
    }

    /** The server of this test run (for extensions and helpers that have an {@link ExtensionContext}). */
    public static KeycloakServer server(ExtensionContext context) {
        return shared(context).server();
    }

    @SuppressWarnings("deprecation") // getOrComputeIfAbsent: also present in JUnit 5.x, unlike computeIfAbsent
    private static Shared shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Shared.class, key -> new Shared(), Shared.class);
    }

    /** The one server (and its admin client) of a test JVM; closed by JUnit at the end of the run. */
    @SuppressWarnings("deprecation") // CloseableResource: what JUnit 5.x closes; 6.x closes AutoCloseable
    static final class Shared implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        private KeycloakServer server;
        private AdminClient admin;
        private RuntimeException failure;
        private boolean closed;

        synchronized KeycloakServer server() {
            if (closed) {
                throw new IllegalStateException("the test run is over; Keycloak was stopped");
            }
            if (failure != null) {
                throw new IllegalStateException("Keycloak failed to start earlier in this run: " + failure.getMessage(),
                        failure);
            }
            if (server == null) {
                try {
                    server = KeycloakServer.fromSystemProperties();
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
                System.out.printf("%s ready (kc.sh build %d s%s, start %d s)%n", server,
                        server.buildTime().toSeconds(), server.buildTime().toSeconds() < 1 ? " - reused" : "",
                        server.startTime().toSeconds());
            }
            return server;
        }

        synchronized AdminClient admin() {
            if (admin == null) {
                admin = AdminClient.forServer(server());
            }
            return admin;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (server != null) {
                server.close();
            }
        }
    }
}
