package io.github.keycloakwechat.it.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.keycloakwechat.it.support.FreePorts;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.sandbox.SandboxApp;
import io.github.keycloakwechat.sandbox.SandboxConfig;
import io.github.keycloakwechat.sandbox.SandboxServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;

/**
 * The demo: the WeChat sandbox on 127.0.0.1:8090 and Keycloak (with the extension) on 127.0.0.1:8080, the demo
 * realm imported on first start. Keycloak's database is kept between runs (target/keycloak-demo-data). Ctrl-C
 * stops both.
 *
 * <p>Run from the project root: {@code mvn -B -Pdemo -DskipTests verify}. Maven unpacks the distribution, copies
 * the providers JAR and passes {@code keycloak.dist.dir} and {@code realm.config}.
 */
public final class DemoLauncher {

    private static final String DEMO_REALM = "demo";
    private static final int DEMO_APP_PORT = 8081;

    private DemoLauncher() {
    }

    public static void main(String[] args) throws Exception {
        String distDir = System.getProperty(KeycloakServer.DIST_DIR_PROPERTY);
        if (distDir == null || distDir.isBlank()) {
            fail("-D" + KeycloakServer.DIST_DIR_PROPERTY + " is not set; start the demo with: mvn -B -Pdemo -DskipTests verify");
        }
        Path realmFile = demoRealmFile(Path.of(distDir));
        KeycloakServer.Options options = KeycloakServer.Options.forDemo(Path.of(distDir));
        if (realmFile != null) {
            options = options.withExtraStartOptions(List.of("--import-realm"));
        }
        for (int port : new int[] {SandboxConfig.DEFAULT_PORT, options.httpPort(), options.managementPort(), DEMO_APP_PORT}) {
            if (FreePorts.inUse(port)) {
                fail("Port " + port + " on 127.0.0.1 is already in use. Is the demo already running?");
            }
        }

        SandboxServer sandbox = SandboxServer.start(SandboxConfig.defaults());
        System.out.println("Sandbox running at " + sandbox.baseUrl());
        System.out.println("Starting Keycloak (kc.sh build first if the providers JAR changed; about a minute); log: "
                + options.logFile());
        KeycloakServer keycloak;
        try {
            keycloak = KeycloakServer.start(options);
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }

        System.out.printf("Keycloak ready (kc.sh build %d s, start %d s)%n", keycloak.buildTime().toSeconds(),
                keycloak.startTime().toSeconds());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Keycloak and the sandbox...");
            try {
                keycloak.close();
            } finally {
                sandbox.close();
                stopped.countDown();
            }
        }, "demo-shutdown"));

        // The demo realm refers to the push secrets through Keycloak's vault, as the provider requires.
        SandboxApp account = sandbox.state().apps().get(0);
        keycloak.writeVaultSecret(DEMO_REALM, "wechat_token", account.token());
        keycloak.writeVaultSecret(DEMO_REALM, "wechat_aes_key", account.encodingAesKey());
        if (realmFile != null) {
            System.out.println(awaitImport(keycloak));
            Files.deleteIfExists(realmFile);
        }
        DemoApp app = DemoApp.start(keycloak.baseUrl(), DEMO_REALM, DEMO_APP_PORT);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "demo-app-shutdown"));

        System.out.println();
        System.out.println("=====================================================================");
        System.out.println(" keycloak-wechat demo is running");
        System.out.println();
        System.out.println("  Demo app (sign in):    " + app.baseUrl() + "/   (shows who signed in and the ID token's claims)");
        System.out.println("  Account console:       " + keycloak.realmUrl(DEMO_REALM) + "/account");
        System.out.println("  Admin console:         " + keycloak.baseUrl() + "/admin   (admin / admin)");
        System.out.println("  Sandbox phone:         " + sandbox.baseUrl() + "/sandbox/phone");
        System.out.println();
        System.out.println("  Ways to sign in on that page: the QR tab (Service Account: scan it on the sandbox phone),");
        System.out.println("  微信网站登录 (website QR: confirm on the sandbox phone), 企业微信 WeCom (pick a member),");
        System.out.println("  and inside WeChat (a browser whose User-Agent contains MicroMessenger gets web OAuth).");
        System.out.println("  Mini Program: get a wx.login() code at " + sandbox.baseUrl() + "/sandbox/miniprogram, then");
        System.out.println("    curl -d grant_type=urn:io.github.keycloakwechat:grant-type:miniprogram -d client_id=mini-app \\");
        System.out.println("         -d code=<code> " + keycloak.realmUrl(DEMO_REALM) + "/protocol/openid-connect/token");
        System.out.println("  Keycloak log:          " + keycloak.logFile());
        System.out.println();
        System.out.println(" Press Ctrl-C to stop.");
        System.out.println("=====================================================================");
        stopped.await();
    }

    /**
     * Puts {@code -Drealm.config} where {@code kc.sh start --import-realm} reads it, {@code data/import} of the
     * distribution, named {@code <realm>-realm.json} as Keycloak requires. Keycloak imports it on the first start and
     * skips a realm that already exists. Null when no realm is configured.
     */
    private static Path demoRealmFile(Path dist) throws Exception {
        String configured = System.getProperty("realm.config");
        if (configured == null || configured.isBlank()) {
            System.out.println("No -Drealm.config given; no realm imported.");
            return null;
        }
        Path file = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            System.out.println("WARNING: " + file + " does not exist; the realm '" + DEMO_REALM
                    + "' was not imported. Create it in the admin console, or add the file and restart.");
            return null;
        }
        String name = new ObjectMapper().readTree(file.toFile()).path("realm").asText(DEMO_REALM);
        Path target = dist.resolve("data").resolve("import").resolve(name + "-realm.json");
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** Keycloak's own word on the import ("imported" or "already exists"), which it logs while it boots. */
    private static String awaitImport(KeycloakServer keycloak) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            for (String line : keycloak.logLines()) {
                if (line.contains("Realm '" + DEMO_REALM + "'")) {
                    String said = line.replaceFirst("^.*?\\) ", "");
                    return said.contains("exists") ? said + " (delete target/keycloak-demo-data to import it again)" : said;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Keycloak did not import realm '" + DEMO_REALM + "' within 2 minutes; see "
                + keycloak.logFile());
    }

    private static void fail(String message) {
        // An exception, not System.exit: under exec:java this runs inside Maven's JVM.
        throw new IllegalStateException(message);
    }
}
