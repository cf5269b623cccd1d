package io.github.keycloakwechat.bench;

import io.github.keycloakwechat.it.support.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Keycloak every Keycloak-level benchmark runs: this module's own unpacked distribution, built with the tests'
 * options plus metrics (Infinispan entry counts), with the extension and the benchmark-only baseline provider
 * (a realm resource that answers a constant, {@code target/*-baseline.jar} when built) in {@code providers/}.
 * Every benchmark starts one and stops it, so they never share a warm server.
 */
public final class BenchKeycloak {

    public static final List<String> BUILD_OPTIONS;

    static {
        List<String> options = new ArrayList<>(KeycloakServer.BUILD_OPTIONS);
        options.add("--metrics-enabled=true");
        BUILD_OPTIONS = List.copyOf(options);
    }

    private BenchKeycloak() {
    }

    /** Starts the server with {@code extraStartOptions} (e.g. SPI switches) on top of the tests' options. */
    public static KeycloakServer start(String name, List<String> extraStartOptions) {
        Path dist = Path.of(System.getProperty(KeycloakServer.DIST_DIR_PROPERTY)).toAbsolutePath().normalize();
        installBaselineProvider(dist);
        KeycloakServer.Options tests = KeycloakServer.Options.forTests(dist);
        List<String> extra = new ArrayList<>(tests.extraStartOptions());
        // Benchmarks measure the server, not its debug logging.
        extra.replaceAll(option -> option.startsWith("--log-level=") ? "--log-level=INFO" : option);
        extra.addAll(extraStartOptions);
        Path target = dist.getParent();
        KeycloakServer.Options options = tests
                .withDistribution(dist, BUILD_OPTIONS, List.of(), target.resolve("keycloak-build.log"))
                .withDataDirAndLog(target.resolve("bench-data-" + name), target.resolve("keycloak-" + name + ".log"))
                .withExtraStartOptions(extra);
        return KeycloakServer.start(options);
    }

    private static void installBaselineProvider(Path dist) {
        Path target = dist.getParent();
        try (Stream<Path> files = Files.list(target)) {
            for (Path jar : files.filter(p -> p.getFileName().toString().endsWith("-baseline.jar")).toList()) {
                // Only a changed JAR is copied: a fresh modification time alone makes kc.sh start --optimized
                // refuse to start ("A provider JAR was updated since the last build") while the build fingerprint,
                // which reads contents, sees no reason to rebuild.
                Path installed = dist.resolve("providers/keycloak-wechat-bench-baseline.jar");
                if (!Files.exists(installed) || Files.mismatch(jar, installed) != -1) {
                    Files.copy(jar, installed, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
