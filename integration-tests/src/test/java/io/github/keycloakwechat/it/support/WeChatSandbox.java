package io.github.keycloakwechat.it.support;

import io.github.keycloakwechat.sandbox.SandboxConfig;
import io.github.keycloakwechat.sandbox.SandboxServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The WeChat side of a test class: a sandbox on a free port, its phone (control API), and the realms wired to it,
 * all closed when the class is done. Resolved as a test parameter by {@link WeChatSandboxExtension}.
 */
public final class WeChatSandbox implements AutoCloseable {

    private final KeycloakServer server;
    private final AdminClient admin;
    private final SandboxServer sandbox;
    private final SandboxClient phone;
    private final List<AutoCloseable> realms = new ArrayList<>();

    WeChatSandbox(KeycloakServer server, AdminClient admin) {
        this.server = server;
        this.admin = admin;
        try {
            this.sandbox = SandboxServer.start(SandboxConfig.defaults().withAddress("127.0.0.1", 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.phone = new SandboxClient(sandbox.baseUrl());
    }

    /**
     * A sandbox for {@code server} outside the JUnit extension (e.g. for a test's own, second Keycloak); the
     * caller closes it, before stopping the server, since closing deletes the realms through {@code admin}.
     */
    public static WeChatSandbox start(KeycloakServer server, AdminClient admin) {
        return new WeChatSandbox(server, admin);
    }

    public SandboxServer sandbox() {
        return sandbox;
    }

    public SandboxClient phone() {
        return phone;
    }

    public KeycloakServer server() {
        return server;
    }

    public AdminClient admin() {
        return admin;
    }

    /** A realm with a {@code wechat-mp} provider on its own sandbox Service Account, deleted with this fixture. */
    public WeChatRealm realm(String mode) {
        return realm(mode, Map.of());
    }

    public WeChatRealm realm(String mode, Map<String, String> idpConfig) {
        return track(WeChatRealm.create(server, admin, sandbox, mode, idpConfig));
    }

    /** A realm as Keycloak creates it by default, with the provider on its own sandbox Service Account. */
    public WeChatRealm realmOnKeycloakDefaults(String mode) {
        return track(WeChatRealm.createOnKeycloakDefaults(server, admin, sandbox, mode));
    }

    /** Deletes {@code resource} (e.g. a realm) together with this fixture. */
    public synchronized <T extends AutoCloseable> T track(T resource) {
        realms.add(resource);
        return resource;
    }

    public String openidOf(String user, WeChatRealm realm) {
        return sandbox.state().openidOf(user, realm.app().appId());
    }

    @Override
    public synchronized void close() throws Exception {
        try {
            for (AutoCloseable realm : realms) {
                realm.close();
            }
        } finally {
            LogSecrets.recordSecrets(sandbox.state().secrets());
            sandbox.close();
        }
    }
}
