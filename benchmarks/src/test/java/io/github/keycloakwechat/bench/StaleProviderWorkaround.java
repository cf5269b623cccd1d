package io.github.keycloakwechat.bench;

import io.github.keycloakwechat.it.support.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Works around a stale-provider refusal until {@link BenchKeycloak} copies the baseline JAR with its timestamp:
 * {@code BenchKeycloak.start} copies {@code target/*-baseline.jar} into {@code providers/} on every start, which gives
 * the copy a new modification time even when its bytes are unchanged. The build fingerprint (content only) then
 * skips {@code kc.sh build}, and {@code kc.sh start --optimized} exits with "A provider JAR was updated since the
 * last build". Forgetting the fingerprint makes the harness rebuild after the copy (about a minute).
 */
final class StaleProviderWorkaround {

    private StaleProviderWorkaround() {
    }

    /** Call right before {@code BenchKeycloak.start}. */
    static void rebuildOnNextStart() {
        Path dist = Path.of(System.getProperty(KeycloakServer.DIST_DIR_PROPERTY)).toAbsolutePath().normalize();
        try {
            Files.deleteIfExists(dist.resolve(".keycloak-wechat-build.sha256"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
