package io.github.keycloakwechat.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * "No secret in any log line", checked over the whole integration-test run. During the run, every sandbox records
 * the secrets it configured or issued ({@link #recordSecrets}), and every Keycloak the harness starts records its
 * log file ({@link #recordKeycloakLog}). After the run, {@code mvn verify} runs {@link #main} (post-integration-test),
 * which reads every recorded log and fails the build on any line that contains any recorded secret. The records are
 * deleted before each run (pre-integration-test).
 *
 * <p>{@code -Dit.logsecrets.plant=true} first appends one recorded secret to the first recorded log: the build must
 * then fail, which shows the check can catch a leak.
 */
public final class LogSecrets {

    /** Shorter values (e.g. "admin") would match ordinary words; WeChat's secrets are all far longer. */
    static final int MIN_SECRET_LENGTH = 16;

    private LogSecrets() {
    }

    /** A hit: the log, its line number, and which kind of secret (never the secret itself). */
    public record Hit(Path log, int line, String secretHint) {
        @Override
        public String toString() {
            return log + ":" + line + " contains " + secretHint;
        }
    }

    public static void recordSecrets(List<String> secrets) {
        Path dir = buildDir().resolve("it-secrets");
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("secrets-" + UUID.randomUUID() + ".txt"), secrets, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized void recordKeycloakLog(Path logFile) {
        try {
            Files.createDirectories(buildDir());
            Files.writeString(buildDir().resolve("it-keycloak-logs.txt"), logFile.toAbsolutePath() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every line of {@code logs} that contains one of {@code secrets}. Each position of a line is looked up by its
     * next {@value #MIN_SECRET_LENGTH} characters, so thousands of secrets cost one pass over the logs.
     */
    public static List<Hit> scan(List<Path> logs, Set<String> secrets) throws IOException {
        Map<String, List<String>> byPrefix = new HashMap<>();
        secrets.stream().filter(s -> s.length() >= MIN_SECRET_LENGTH)
                .forEach(s -> byPrefix.computeIfAbsent(s.substring(0, MIN_SECRET_LENGTH), k -> new ArrayList<>()).add(s));
        List<Hit> hits = new ArrayList<>();
        for (Path log : logs) {
            if (!Files.isRegularFile(log)) {
                continue;
            }
            // Decoded leniently: a log may hold bytes that are not UTF-8.
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            for (int number = 1; number <= lines.size(); number++) {
                String line = lines.get(number - 1);
                for (int at = 0; at + MIN_SECRET_LENGTH <= line.length(); at++) {
                    List<String> candidates = byPrefix.get(line.substring(at, at + MIN_SECRET_LENGTH));
                    if (candidates != null) {
                        for (String secret : candidates) {
                            if (line.startsWith(secret, at)) {
                                hits.add(new Hit(log, number, hint(secret)));
                            }
                        }
                    }
                }
            }
        }
        return hits;
    }

    /** Lines in all {@code logs}. */
    static long lineCount(List<Path> logs) throws IOException {
        long lines = 0;
        for (Path log : logs) {
            lines += new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().count();
        }
        return lines;
    }

    /** Runs after the integration tests and fails on any hit. Argument: the build directory. */
    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : buildDir();
        Set<String> secrets = readSecrets(dir.resolve("it-secrets"));
        List<Path> logs = readLogs(dir.resolve("it-keycloak-logs.txt"));
        if (secrets.isEmpty() || logs.isEmpty()) {
            System.out.println("[log secrets] nothing to check: " + secrets.size() + " secrets, " + logs.size() + " logs");
            return;
        }
        if (Boolean.getBoolean("it.logsecrets.plant")) {
            String planted = secrets.stream().filter(s -> s.length() >= MIN_SECRET_LENGTH).findFirst().orElseThrow();
            Files.writeString(logs.get(0), "2026-01-01 00:00:00,000 INFO  [planted] a leaked secret: " + planted + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            System.out.println("[log secrets] planted " + hint(planted) + " in " + logs.get(0));
        }
        List<Hit> hits = scan(logs, secrets);
        long lines = lineCount(logs);
        System.out.printf("[log secrets] %d secrets the sandboxes configured or issued, %d Keycloak logs, %d lines: "
                + "%d hits%n", secrets.size(), logs.size(), lines, hits.size());
        if (!hits.isEmpty()) {
            hits.stream().limit(50).forEach(hit -> System.out.println("[log secrets] LEAK " + hit));
            throw new IllegalStateException(hits.size() + " log lines contain a secret, first: " + hits.get(0));
        }
    }

    private static Set<String> readSecrets(Path dir) throws IOException {
        Set<String> secrets = new LinkedHashSet<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank())
                            .forEach(secrets::add);
                }
            }
        }
        return secrets;
    }

    private static List<Path> readLogs(Path list) throws IOException {
        if (!Files.isRegularFile(list)) {
            return List.of();
        }
        return Files.readAllLines(list, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).distinct()
                .map(Path::of).filter(Files::isRegularFile).toList();
    }

    /** Which secret, without revealing it: its length and first two characters. */
    private static String hint(String secret) {
        return "a secret of " + secret.length() + " characters starting with '" + secret.substring(0, 2) + "'";
    }

    private static Path buildDir() {
        String configured = System.getProperty("it.build.dir");
        return configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("target");
    }
}
