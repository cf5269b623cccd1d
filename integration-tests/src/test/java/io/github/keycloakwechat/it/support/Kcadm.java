package io.github.keycloakwechat.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keycloak's own admin CLI ({@code bin/kcadm.sh}) from the distribution under test, logged in as the admin with a
 * config file of its own, so tests can run the commands the README gives, word for word.
 */
public final class Kcadm implements AutoCloseable {

    private final Path script;
    private final Path config;

    private Kcadm(Path script, Path config) {
        this.script = script;
        this.config = config;
    }

    public static Kcadm login(KeycloakServer server) {
        Path dist = server.distDir().orElseThrow(() -> new IllegalStateException("kcadm.sh needs a local distribution"));
        try {
            Kcadm kcadm = new Kcadm(dist.resolve("bin/kcadm.sh"), Files.createTempFile("kcadm-", ".config"));
            kcadm.run("config", "credentials", "--server", server.baseUrl(), "--realm", "master",
                    "--user", server.adminUsername(), "--password", server.adminPassword());
            return kcadm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code kcadm.sh args…}; its standard output. Fails the test on a non-zero exit, with its error output. */
    public String run(String... args) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--config", config.toString()));
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kcadm.sh " + args[0] + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("kcadm.sh " + String.join(" ", args) + " exited " + process.exitValue() + ": " + err);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(config);
    }
}
