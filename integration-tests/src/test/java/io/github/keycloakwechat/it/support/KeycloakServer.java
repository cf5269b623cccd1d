package io.github.keycloakwechat.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Keycloak server for the tests: either the unpacked distribution started with {@code kc.sh}, or — when the
 * system property {@code keycloak.url} is set — a server that is already running somewhere (nothing is started).
 *
 * <p>The distribution is re-augmented ({@code kc.sh build}) only when the build options or the JARs in
 * {@code providers/} changed since the last build; a fingerprint file in the distribution remembers that.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String DIST_DIR_PROPERTY = "keycloak.dist.dir";
    public static final String URL_PROPERTY = "keycloak.url";
    public static final String ADMIN_USERNAME_PROPERTY = "keycloak.admin.username";
    public static final String ADMIN_PASSWORD_PROPERTY = "keycloak.admin.password";
    /** Extra {@code kc.sh start} options, separated by spaces (e.g. {@code --log-level=DEBUG}). */
    public static final String START_OPTIONS_PROPERTY = "keycloak.start.options";
    /** For a remote server whose log is reachable as a file. */
    public static final String LOG_FILE_PROPERTY = "keycloak.log.file";

    /** Build-time options: the same for the tests and the demo, so they share one augmented distribution. */
    public static final List<String> BUILD_OPTIONS =
            List.of("--db=dev-file", "--health-enabled=true", "--features=declarative-ui", "--vault=file");
    /** For a remote server with a file vault on this machine: where to write vault secrets. */
    public static final String VAULT_DIR_PROPERTY = "keycloak.vault.dir";

    private static final String FINGERPRINT_FILE = ".keycloak-wechat-build.sha256";
    private static final int LOG_TAIL_LINES = 80;

    private final String baseUrl;
    private final String managementUrl;
    private final Path logFile;
    private final Path distDir;
    private final String adminUsername;
    private final String adminPassword;
    private final Process process;
    private final Thread shutdownHook;
    private final Duration buildTime;
    private final Duration startTime;
    private final Path vaultDir;
    private boolean closed;

    private KeycloakServer(String baseUrl, String managementUrl, Path logFile, Path distDir, String adminUsername,
                           String adminPassword, Process process, Thread shutdownHook, Duration buildTime,
                           Duration startTime, Path vaultDir) {
        this.vaultDir = vaultDir;
        this.baseUrl = stripTrailingSlash(baseUrl);
        this.managementUrl = managementUrl;
        this.logFile = logFile;
        this.distDir = distDir;
        this.adminUsername = adminUsername;
        this.adminPassword = adminPassword;
        this.process = process;
        this.shutdownHook = shutdownHook;
        this.buildTime = buildTime;
        this.startTime = startTime;
    }

    /** What the test run asks for: the remote {@code keycloak.url}, else the distribution in {@code keycloak.dist.dir}. */
    public static KeycloakServer fromSystemProperties() {
        String url = blankToNull(System.getProperty(URL_PROPERTY));
        if (url != null) {
            String log = blankToNull(System.getProperty(LOG_FILE_PROPERTY));
            return remote(url, log == null ? null : Path.of(log));
        }
        String dist = blankToNull(System.getProperty(DIST_DIR_PROPERTY));
        if (dist == null) {
            throw new IllegalStateException("Neither -D" + URL_PROPERTY + " nor -D" + DIST_DIR_PROPERTY
                    + " is set. Run the tests with Maven (mvn -pl integration-tests verify), which unpacks the"
                    + " distribution and sets " + DIST_DIR_PROPERTY + ".");
        }
        return start(Options.forTests(Path.of(dist)));
    }

    /** A server that is already running; nothing is started or stopped. */
    public static KeycloakServer remote(String baseUrl, Path logFileOrNull) {
        return remote(baseUrl, logFileOrNull,
                Optional.ofNullable(blankToNull(System.getProperty(VAULT_DIR_PROPERTY))).map(Path::of).orElse(null));
    }

    /** A server that is already running, with its file vault at {@code vaultDirOrNull}. */
    public static KeycloakServer remote(String baseUrl, Path logFileOrNull, Path vaultDirOrNull) {
        return new KeycloakServer(baseUrl, null, logFileOrNull, null,
                System.getProperty(ADMIN_USERNAME_PROPERTY, "admin"),
                System.getProperty(ADMIN_PASSWORD_PROPERTY, "admin"), null, null, Duration.ZERO, Duration.ZERO,
                vaultDirOrNull);
    }

    /** Builds the distribution if needed, starts it and waits until it reports ready. */
    public static KeycloakServer start(Options options) {
        Path dist = options.distDir().toAbsolutePath().normalize();
        Path kcSh = dist.resolve("bin/kc.sh");
        if (!Files.isRegularFile(kcSh)) {
            throw new IllegalStateException("No Keycloak distribution at " + dist + " (missing bin/kc.sh). "
                    + "Maven unpacks it in pre-integration-test: mvn -pl integration-tests verify");
        }
        kcSh.toFile().setExecutable(true);

        long buildStarted = System.nanoTime();
        ensureBuilt(dist, options.buildOptions(), options.buildLogFile());
        Duration buildTime = Duration.ofNanos(System.nanoTime() - buildStarted);

        try {
            if (options.freshData()) {
                deleteRecursively(options.dataDir());
            }
            Files.createDirectories(options.dataDir());
            Files.createDirectories(options.vaultDir());
            Files.createDirectories(options.logFile().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        if (FreePorts.inUse(options.httpPort()) || FreePorts.inUse(options.managementPort())) {
            throw new IllegalStateException("Port " + options.httpPort() + " or " + options.managementPort()
                    + " on 127.0.0.1 is already in use; is another Keycloak still running?");
        }

        List<String> command = new ArrayList<>(List.of(kcSh.toString(), "start", "--optimized",
                "--http-enabled=true",
                "--hostname-strict=false",
                "--http-host=" + options.host(),
                "--http-port=" + options.httpPort(),
                "--http-management-port=" + options.managementPort(),
                "--vault-dir=" + options.vaultDir()));
        if (options.storageOptions().isEmpty()) {
            // The data directory is chosen per use (tests: fresh each run; demo: kept), so both can share
            // one distribution without wiping each other's database.
            command.add("--cache=local");
            command.add("--db-url=jdbc:h2:file:" + options.dataDir().toAbsolutePath().resolve("h2/keycloakdb")
                    + ";NON_KEYWORDS=VALUE;DB_CLOSE_ON_EXIT=FALSE");
        } else {
            // Options the command above already sets are not repeated (kc.sh refuses an option given twice).
            List<String> fixed = command.stream().map(KeycloakServer::optionName).toList();
            options.storageOptions().stream().filter(o -> !fixed.contains(optionName(o))).forEach(command::add);
        }
        command.addAll(options.extraStartOptions());

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dist.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(options.logFile().toFile()));
        cleanEnvironment(builder.environment());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", options.adminUsername());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", options.adminPassword());
        builder.environment().put("JAVA_OPTS_KC_HEAP", options.heapOptions());
        builder.environment().putAll(options.environment());

        LogSecrets.recordKeycloakLog(options.logFile());
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + kcSh, e);
        }
        Thread hook = new Thread(() -> destroyTree(process), "stop-keycloak-" + options.httpPort());
        Runtime.getRuntime().addShutdownHook(hook);

        String managementUrl = "http://" + options.host() + ":" + options.managementPort();
        try {
            waitUntilReady(process, managementUrl, options.startTimeout(), options.logFile());
        } catch (RuntimeException | Error e) {
            destroyTree(process);
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
        return new KeycloakServer("http://" + options.host() + ":" + options.httpPort(), managementUrl,
                options.logFile(), dist, options.adminUsername(), options.adminPassword(), process, hook, buildTime,
                Duration.ofNanos(System.nanoTime() - started), options.vaultDir());
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * Stores a secret in the server's file vault, so a realm can refer to it as {@code ${vault.key}}. Keycloak's file
     * vault names the file {@code realm_key}, with underscores inside either part doubled.
     */
    public void writeVaultSecret(String realm, String key, String value) {
        if (vaultDir == null) {
            throw new IllegalStateException("this server's vault directory is unknown; set -D" + VAULT_DIR_PROPERTY);
        }
        try {
            Files.writeString(vaultDir.resolve(realm.replace("_", "__") + "_" + key.replace("_", "__")), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://host:port}, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The realm's base URL, e.g. {@code http://127.0.0.1:8080/realms/demo}. */
    public String realmUrl(String realm) {
        return baseUrl + "/realms/" + realm;
    }

    /** The management interface ({@code /health}, {@code /metrics}) of a started server. */
    public Optional<String> managementUrl() {
        return Optional.ofNullable(managementUrl);
    }

    /** Whether this harness started the server (and therefore can read its log and stop it). */
    public boolean isManaged() {
        return process != null;
    }

    public String adminUsername() {
        return adminUsername;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** The server's console output (started server), or the file named by {@code keycloak.log.file}. */
    public Path logFile() {
        if (logFile == null) {
            throw new IllegalStateException("The log of the remote server " + baseUrl + " is not available; set -D"
                    + LOG_FILE_PROPERTY + "=<path> to read it.");
        }
        return logFile;
    }

    /** Whether {@link #readLog()} can work. */
    public boolean hasLog() {
        return logFile != null;
    }

    /** The whole server log so far. */
    public String readLog() {
        try {
            return Files.readString(logFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server log so far, line by line. */
    public List<String> logLines() {
        return readLog().lines().toList();
    }

    /** The current length of the log in characters: a mark for {@link #logSince(int)}. */
    public int logMark() {
        return readLog().length();
    }

    /** What the server logged after {@code mark} (from {@link #logMark()}). */
    public String logSince(int mark) {
        String log = readLog();
        return mark >= log.length() ? "" : log.substring(mark);
    }

    /** The last {@code n} lines of the log, for failure messages. */
    public String logTail(int n) {
        return hasLog() ? tail(logFile, n) : "(no log for " + baseUrl + ")";
    }

    /** The JARs in the distribution's {@code providers/} directory (empty for a remote server). */
    public List<Path> installedProviderJars() {
        if (distDir == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(distDir.resolve("providers"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Path> distDir() {
        return Optional.ofNullable(distDir);
    }

    /** Time spent in {@code kc.sh build} (zero when the existing build was reused). */
    public Duration buildTime() {
        return buildTime;
    }

    /** Time from {@code kc.sh start} to a ready health check. */
    public Duration startTime() {
        return startTime;
    }

    /** Stops the started server and everything it spawned; waits until they are gone. No-op for a remote server. */
    @Override
    public synchronized void close() {
        if (closed || process == null) {
            closed = true;
            return;
        }
        closed = true;
        destroyTree(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running or done
        }
    }

    @Override
    public String toString() {
        return "Keycloak at " + baseUrl + (isManaged() ? " (started from " + distDir + ")" : " (remote)");
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * Stops the server the way a crashed machine does: {@code kill -9} of the JVM and the script, no shutdown. For
     * tests of node loss; the process is gone when this returns.
     */
    public synchronized void kill() {
        if (process == null || closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> all = new ArrayList<>(process.toHandle().descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        awaitExit(all, Duration.ofSeconds(30));
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running or done
        }
    }

    /** The process id of the server's JVM (for {@code jcmd}: heap, GC, flight recordings). */
    public long jvmPid() {
        if (process == null) {
            throw new IllegalStateException("not started by this harness: " + baseUrl);
        }
        return process.toHandle().descendants()
                .filter(child -> child.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("no java process under kc.sh (" + process.pid() + ")"));
    }

    private static String optionName(String option) {
        int equals = option.indexOf('=');
        return equals < 0 ? option : option.substring(0, equals);
    }

    /** Runs {@code kc.sh build} unless the distribution was already built with the same options and providers. */
    static void ensureBuilt(Path dist, List<String> buildOptions, Path buildLog) {
        try {
            Files.createDirectories(buildLog.toAbsolutePath().getParent());
            // One build at a time, also across JVMs (the demo and a test run may share the distribution).
            try (FileChannel channel = FileChannel.open(dist.resolve(".keycloak-wechat-build.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                String fingerprint = buildFingerprint(dist, buildOptions);
                Path fingerprintFile = dist.resolve(FINGERPRINT_FILE);
                boolean built = Files.isRegularFile(dist.resolve("lib/quarkus/quarkus-application.dat"));
                if (built && Files.isRegularFile(fingerprintFile)
                        && Files.readString(fingerprintFile).trim().equals(fingerprint)) {
                    return;
                }
                Files.deleteIfExists(fingerprintFile);
                List<String> command = new ArrayList<>();
                command.add(dist.resolve("bin/kc.sh").toString());
                command.add("build");
                command.addAll(buildOptions);
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(dist.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(buildLog.toFile()));
                cleanEnvironment(builder.environment());
                Process build = builder.start();
                if (!build.waitFor(10, TimeUnit.MINUTES)) {
                    destroyTree(build);
                    throw new IllegalStateException("kc.sh build did not finish within 10 minutes; log "
                            + buildLog + ":\n" + tail(buildLog, LOG_TAIL_LINES));
                }
                if (build.exitValue() != 0) {
                    throw new IllegalStateException("kc.sh build failed with exit code " + build.exitValue()
                            + "; log " + buildLog + ":\n" + tail(buildLog, LOG_TAIL_LINES));
                }
                Files.writeString(fingerprintFile, fingerprint + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building Keycloak", e);
        }
    }

    /** SHA-256 over the build options, the Keycloak version and every file in {@code providers/}. */
    static String buildFingerprint(Path dist, List<String> buildOptions) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update(String.join(" ", buildOptions).getBytes(StandardCharsets.UTF_8));
        Path version = dist.resolve("version.txt");
        if (Files.isRegularFile(version)) {
            digest.update(Files.readAllBytes(version));
        }
        List<Path> providerFiles;
        try (Stream<Path> files = Files.walk(dist.resolve("providers"))) {
            providerFiles = files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
        }
        for (Path file : providerFiles) {
            digest.update(dist.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Options set in the calling shell (KC_DB, JAVA_OPTS, ...) must not change what the tests run. */
    private static void cleanEnvironment(Map<String, String> env) {
        env.keySet().removeIf(key -> key.startsWith("KC_") || key.startsWith("KEYCLOAK_")
                || key.startsWith("JAVA_OPTS") || key.equals("JAVA_ADD_OPENS") || key.equals("QUARKUS_PROFILE"));
    }

    private static void waitUntilReady(Process process, String managementUrl, Duration timeout, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
                        + " before it was ready; log " + log + ":\n" + tail(log, LOG_TAIL_LINES));
            }
            try {
                HttpResponse<String> response = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("Keycloak was not ready within " + timeout.toSeconds() + " s ("
                + managementUrl + "/health/ready); log " + log + ":\n" + tail(log, LOG_TAIL_LINES));
    }

    /**
     * Stops kc.sh and the JVM it runs, gracefully first. kc.sh forwards SIGTERM to its Java child, but the
     * descendants are signalled as well, in case the script is already gone.
     */
    private static void destroyTree(Process process) {
        ProcessHandle root = process.toHandle();
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(0, root);
        all.forEach(ProcessHandle::destroy);
        if (!awaitExit(all, Duration.ofSeconds(30))) {
            all.forEach(ProcessHandle::destroyForcibly);
            awaitExit(all, Duration.ofSeconds(10));
        }
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : processes) {
            long left = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                // nothing to wait for
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return processes.stream().noneMatch(ProcessHandle::isAlive);
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.isRegularFile(file)) {
                return "(no log at " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** {@code cp -a}: keeps the scripts executable and is much faster than a walk in Java. */
    public static void copyTree(Path from, Path to) {
        try {
            Files.createDirectories(to);
            Process copy = new ProcessBuilder("cp", "-a", from.toString() + "/.", to.toString())
                    .redirectErrorStream(true).start();
            String output = new String(copy.getInputStream().readAllBytes());
            if (!copy.waitFor(120, TimeUnit.SECONDS) || copy.exitValue() != 0) {
                throw new IllegalStateException("cp -a " + from + " " + to + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying " + from, e);
        }
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * How to start the distribution.
     *
     * @param dataDir       where the H2 database lives ({@code dataDir/h2/keycloakdb.mv.db})
     * @param freshData     delete {@code dataDir} before starting, so every run begins with an empty database
     * @param logFile       the server's console output
     * @param buildLogFile  the output of {@code kc.sh build}
     * @param buildOptions  {@code kc.sh build} options ({@link #BUILD_OPTIONS} unless a test builds its own copy)
     * @param storageOptions database and cache options; empty: H2 in {@code dataDir} and a local cache
     */
    public record Options(Path distDir, String host, int httpPort, int managementPort, Path dataDir,
                          boolean freshData, Path logFile, Path buildLogFile, String adminUsername,
                          String adminPassword, String heapOptions, Duration startTimeout,
                          List<String> extraStartOptions, List<String> buildOptions, List<String> storageOptions,
                          Map<String, String> environment) {

        public Options {
            extraStartOptions = List.copyOf(extraStartOptions);
            buildOptions = List.copyOf(buildOptions);
            storageOptions = List.copyOf(storageOptions);
            environment = Map.copyOf(environment);
        }

        Options(Path distDir, String host, int httpPort, int managementPort, Path dataDir, boolean freshData,
                Path logFile, Path buildLogFile, String adminUsername, String adminPassword, String heapOptions,
                Duration startTimeout, List<String> extraStartOptions) {
            this(distDir, host, httpPort, managementPort, dataDir, freshData, logFile, buildLogFile, adminUsername,
                    adminPassword, heapOptions, startTimeout, extraStartOptions, BUILD_OPTIONS, List.of(), Map.of());
        }

        /** The file vault lives with the data: fresh for tests, kept for the demo. */
        public Path vaultDir() {
            return dataDir.toAbsolutePath().resolve("vault");
        }

        /**
         * Free ports, a fresh database under {@code target/keycloak-it-data}, the log in
         * {@code target/keycloak-server.log}, and DEBUG logging for the extension (so the "no secret in the
         * log" assertions see everything it writes).
         */
        public static Options forTests(Path distDir) {
            Path target = buildDir(distDir);
            int[] ports = FreePorts.find(2);
            List<String> extra = new ArrayList<>();
            extra.add("--log-level=INFO,io.github.keycloakwechat:debug");
            String more = blankToNull(System.getProperty(START_OPTIONS_PROPERTY));
            if (more != null) {
                extra.addAll(Arrays.asList(more.split("\\s+")));
            }
            // A second run in the same build (the oldest supported Keycloak) keeps its own data and logs, so the
            // secret scan after the build still reads the first run's log.
            String run = System.getProperty("it.run.label", "");
            return new Options(distDir, "127.0.0.1", ports[0], ports[1], target.resolve("keycloak-it-data" + run), true,
                    target.resolve("keycloak-server" + run + ".log"), target.resolve("keycloak-build" + run + ".log"),
                    "admin", "admin",
                    "-Xms64m -Xmx1g", Duration.ofSeconds(180), extra);
        }

        /** Fixed ports 8080/9000 and a database kept between runs under {@code target/keycloak-demo-data}. */
        public static Options forDemo(Path distDir) {
            Path target = buildDir(distDir);
            return new Options(distDir, "127.0.0.1", 8080, 9000, target.resolve("keycloak-demo-data"), false,
                    target.resolve("keycloak-demo.log"), target.resolve("keycloak-build.log"), "admin", "admin",
                    "-Xms64m -Xmx1g", Duration.ofSeconds(300), List.of());
        }

        public Options withPorts(int http, int management) {
            return new Options(distDir, host, http, management, dataDir, freshData, logFile, buildLogFile,
                    adminUsername, adminPassword, heapOptions, startTimeout, extraStartOptions, buildOptions,
                    storageOptions, environment);
        }

        public Options withExtraStartOptions(List<String> options) {
            return new Options(distDir, host, httpPort, managementPort, dataDir, freshData, logFile, buildLogFile,
                    adminUsername, adminPassword, heapOptions, startTimeout, options, buildOptions, storageOptions, environment);
        }

        /** Another distribution, built with its own options, started with its own database and cache options. */
        public Options withDistribution(Path newDistDir, List<String> newBuildOptions, List<String> newStorageOptions,
                                        Path newBuildLogFile) {
            return new Options(newDistDir, host, httpPort, managementPort, dataDir, freshData, logFile,
                    newBuildLogFile, adminUsername, adminPassword, heapOptions, startTimeout, extraStartOptions,
                    newBuildOptions, newStorageOptions, environment);
        }

        public Options withHeap(String newHeapOptions) {
            return new Options(distDir, host, httpPort, managementPort, dataDir, freshData, logFile, buildLogFile,
                    adminUsername, adminPassword, newHeapOptions, startTimeout, extraStartOptions, buildOptions,
                    storageOptions, environment);
        }

        /**
         * Another database, vault and console log (e.g. for a second server beside the shared one of the test
         * run, which must not wipe or write into the shared server's {@code keycloak-it-data} and log).
         */
        public Options withDataDirAndLog(Path newDataDir, Path newLogFile) {
            return new Options(distDir, host, httpPort, managementPort, newDataDir, freshData, newLogFile,
                    buildLogFile, adminUsername, adminPassword, heapOptions, startTimeout, extraStartOptions,
                    buildOptions, storageOptions, environment);
        }

        /** Environment variables for {@code kc.sh} on top of the cleaned environment (e.g. realm import placeholders). */
        public Options withEnvironment(Map<String, String> variables) {
            return new Options(distDir, host, httpPort, managementPort, dataDir, freshData, logFile, buildLogFile,
                    adminUsername, adminPassword, heapOptions, startTimeout, extraStartOptions, buildOptions,
                    storageOptions, variables);
        }

        private static Path buildDir(Path distDir) {
            String configured = blankToNull(System.getProperty("it.build.dir"));
            return configured != null ? Path.of(configured) : distDir.toAbsolutePath().normalize().getParent();
        }
    }
}
