package io.github.keycloakwechat.it.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link WeChatSandbox} parameter: one per test class, started on first use and closed (sandbox stopped,
 * realms deleted) when the class is done.
 */
public final class WeChatSandboxExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WeChatSandboxExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == WeChatSandbox.class;
    }

    @Override
    @SuppressWarnings("deprecation") // CloseableResource and getOrComputeIfAbsent: what JUnit 5.x and 6.x both honour
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        KeycloakServer server = KeycloakExtension.server(context);
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(Holder.class,
                key -> new Holder(new WeChatSandbox(server, AdminClient.forServer(server))), Holder.class).sandbox;
    }

    private record Holder(WeChatSandbox sandbox) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() throws Exception {
            sandbox.close();
        }
    }
}
