package io.github.keycloakwechat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A Java Flight Recorder profile of another JVM (the Keycloak server), recorded with {@code jcmd} and read with
 * {@link RecordingFile}: which share of the CPU samples ({@code jdk.ExecutionSample}) is this project's code, and
 * which of its methods are hot.
 */
public final class JfrProfile {

    /** This project's code in the server; the benchmark-only baseline provider does not count as such. */
    static final String OWN = "io.github.keycloakwechat.";
    private static final String NOT_OWN = "io.github.keycloakwechat.bench.";
    /** Deep enough for Keycloak's stacks (Vert.x, RESTEasy, Keycloak, then this project) not to be cut. */
    private static final int STACK_DEPTH = 512;

    /** Shares of the samples and this project's hot methods. */
    public record Analysis(long samples, long truncated, long ownSelf, long ownDirect, long ownInclusive,
                           long keycloakTop, long jdkTop, long otherTop, Map<String, Long> ownSelfByMethod,
                           Map<String, Long> ownDirectByMethod, Map<String, Long> ownInclusiveByMethod,
                           Map<String, Long> otherTopByPackage) {

        public double share(long count) {
            return samples == 0 ? Double.NaN : 100.0 * count / samples;
        }

        /** A Markdown summary: the shares, then the top {@code n} methods of this project by each measure. */
        public String toMarkdown(int n) {
            StringBuilder md = new StringBuilder();
            md.append(String.format(Locale.ROOT, "%d CPU samples (`jdk.ExecutionSample`, %d with a truncated stack).%n%n",
                    samples, truncated));
            md.append("| where the sampled thread was | share of samples |\n|---|---:|\n");
            md.append(String.format(Locale.ROOT, "| this project's code, top frame (self) | %.1f%% |%n", share(ownSelf)));
            md.append(String.format(Locale.ROOT, "| this project's code with the JDK and library code it calls, up to "
                    + "the next Keycloak frame (own work) | %.1f%% |%n", share(ownDirect)));
            md.append(String.format(Locale.ROOT, "| this project's code anywhere on the stack (inclusive: also Keycloak's "
                    + "work called through this project's SPI implementations) | %.1f%% |%n", share(ownInclusive)));
            md.append(String.format(Locale.ROOT, "| top frame in `org.keycloak` | %.1f%% |%n", share(keycloakTop)));
            md.append(String.format(Locale.ROOT, "| top frame in the JDK (`java.`, `javax.`, `jdk.`, `sun.`, `com.sun.`) | %.1f%% |%n",
                    share(jdkTop)));
            md.append(String.format(Locale.ROOT, "| top frame elsewhere (Quarkus, Vert.x, Netty, Infinispan, Hibernate, H2, ...) | %.1f%% |%n",
                    share(otherTop)));
            md.append("\nTop frames elsewhere, by package: ").append(top(otherTopByPackage, 6)).append(".\n");
            appendMethods(md, "This project's methods by self samples (top frame)", ownSelfByMethod, n);
            appendMethods(md, "This project's methods by inclusive samples (anywhere on the stack)", ownInclusiveByMethod, n);
            appendMethods(md, "This project's methods by own work (self, plus the JDK and library code they call "
                    + "directly, not through Keycloak)", ownDirectByMethod, n);
            return md.toString();
        }

        private String top(Map<String, Long> counts, int n) {
            return String.join(", ", counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                    .map(e -> String.format(Locale.ROOT, "`%s` %.1f%%", e.getKey(), share(e.getValue()))).toList());
        }

        private void appendMethods(StringBuilder md, String title, Map<String, Long> counts, int n) {
            md.append("\n").append(title).append(":\n\n| method | share of all samples |\n|---|---:|\n");
            counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(n)
                    .forEach(e -> md.append(String.format(Locale.ROOT, "| `%s` | %.2f%% |%n", e.getKey(), share(e.getValue()))));
            if (counts.isEmpty()) {
                md.append("| (none) | |\n");
            }
        }
    }

    private JfrProfile() {
    }

    /** A running recording; {@link #close()} stops it and writes the file. */
    public static final class Recording implements AutoCloseable {
        private final long pid;
        private final Path file;
        private boolean stopped;

        private Recording(long pid, Path file) {
            this.pid = pid;
            this.file = file;
        }

        public Path file() {
            return file;
        }

        @Override
        public void close() {
            if (stopped) {
                return;
            }
            stopped = true;
            String output = jcmd(pid, "JFR.stop", "name=bench");
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("JFR.stop wrote no " + file + ": " + output);
            }
        }
    }

    /** A stretch of wall-clock time whose samples count. */
    public record Window(Instant from, Instant to) {
        boolean contains(Instant t) {
            return !t.isBefore(from) && !t.isAfter(to);
        }
    }

    /**
     * Starts recording the JVM {@code pid} with JFR's {@code profile} settings into {@code file}. Starting JFR makes
     * the JVM instrument JDK classes and recompile the code that inlined them; on two busy cores that costs several
     * times a request's own CPU for a minute or more. So start it before the warm-up, and
     * {@link #analyze(Path, List) analyze} the windows of the load to profile.
     */
    public static Recording start(long pid, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // Only before the first recording of that JVM; later calls fail harmlessly and keep the default depth (64).
        jcmd(pid, "JFR.configure", "stackdepth=" + STACK_DEPTH);
        jcmd(pid, "JFR.start", "name=bench", "settings=profile", "filename=" + file.toAbsolutePath());
        return new Recording(pid, file);
    }

    /** Reads the recording's execution samples taken within {@code windows}. */
    public static Analysis analyze(Path file, List<Window> windows) throws IOException {
        long samples = 0;
        long truncated = 0;
        long ownSelf = 0;
        long ownDirect = 0;
        long ownInclusive = 0;
        long keycloakTop = 0;
        long jdkTop = 0;
        long otherTop = 0;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> direct = new HashMap<>();
        Map<String, Long> otherPackages = new HashMap<>();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!"jdk.ExecutionSample".equals(event.getEventType().getName())
                        || windows.stream().noneMatch(w -> w.contains(event.getStartTime()))) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                if (stack.isTruncated()) {
                    truncated++;
                }
                List<RecordedFrame> frames = stack.getFrames();
                String topType = typeOf(frames.get(0));
                if (isOwn(topType)) {
                    ownSelf++;
                    self.merge(methodOf(frames.get(0)), 1L, Long::sum);
                } else if (topType.startsWith("org.keycloak.")) {
                    keycloakTop++;
                } else if (isJdk(topType)) {
                    jdkTop++;
                } else {
                    otherTop++;
                    otherPackages.merge(packagePrefix(topType), 1L, Long::sum);
                }
                Set<String> seen = new HashSet<>();
                boolean decided = false;
                for (RecordedFrame frame : frames) {
                    String type = typeOf(frame);
                    if (isOwn(type)) {
                        String method = methodOf(frame);
                        if (!decided) {
                            // The first project or Keycloak frame from the top decides whose work the sample is.
                            ownDirect++;
                            direct.merge(method, 1L, Long::sum);
                            decided = true;
                        }
                        seen.add(method);
                    } else if (type.startsWith("org.keycloak.")) {
                        decided = true;
                    }
                }
                seen.forEach(method -> inclusive.merge(method, 1L, Long::sum));
                if (!seen.isEmpty()) {
                    ownInclusive++;
                }
            }
        }
        return new Analysis(samples, truncated, ownSelf, ownDirect, ownInclusive, keycloakTop, jdkTop, otherTop, self,
                direct, inclusive, otherPackages);
    }

    private static boolean isOwn(String type) {
        return type.startsWith(OWN) && !type.startsWith(NOT_OWN);
    }

    private static boolean isJdk(String type) {
        return type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.")
                || type.startsWith("sun.") || type.startsWith("com.sun.");
    }

    private static String typeOf(RecordedFrame frame) {
        return frame.getMethod() == null || frame.getMethod().getType() == null ? "?"
                : frame.getMethod().getType().getName();
    }

    private static String methodOf(RecordedFrame frame) {
        String type = typeOf(frame);
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    /** The first three parts of a class's package, e.g. {@code io.vertx.core}. */
    private static String packagePrefix(String type) {
        String[] parts = type.split("\\.");
        return String.join(".", java.util.Arrays.asList(parts).subList(0, Math.min(3, Math.max(1, parts.length - 1))));
    }

    private static String jcmd(long pid, String... command) {
        List<String> args = new java.util.ArrayList<>();
        args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        args.add(Long.toString(pid));
        args.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " did not finish");
            }
            System.out.println("[jfr] jcmd " + String.join(" ", command) + ": " + output.strip());
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run jcmd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
