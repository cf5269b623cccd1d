package io.github.keycloakwechat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM (the Keycloak under test) through {@code jcmd}: a full GC, then G1's used bytes
 * ({@code GC.heap_info}) and the class histogram of the live objects ({@code GC.class_histogram}, which collects
 * again first). The histogram's total is exact to the byte; differences between two histograms say which objects a
 * workload added or freed.
 */
public final class JcmdHeap {

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

    private final long pid;
    private final String jcmd;

    public JcmdHeap(long pid) {
        this.pid = pid;
        this.jcmd = jcmdOf(pid);
    }

    /** Instances and bytes of one class in a histogram. */
    public record ClassCount(long instances, long bytes) {
    }

    /**
     * One measurement after full GCs.
     *
     * @param g1UsedBytes G1's "used" after {@code GC.run} (region granularity: includes humongous regions' tails)
     * @param liveBytes   the class histogram's total: the bytes of all live objects
     */
    public record Snapshot(long g1UsedBytes, long liveBytes, long liveObjects, Map<String, ClassCount> classes) {

        /** Per class, {@code this − earlier}, largest byte change first (by absolute value). */
        public List<ClassDelta> minus(Snapshot earlier) {
            Map<String, ClassDelta> deltas = new HashMap<>();
            classes.forEach((name, count) -> {
                ClassCount before = earlier.classes.getOrDefault(name, new ClassCount(0, 0));
                deltas.put(name, new ClassDelta(name, count.instances - before.instances, count.bytes - before.bytes));
            });
            earlier.classes.forEach((name, count) -> deltas.putIfAbsent(name,
                    new ClassDelta(name, -count.instances, -count.bytes)));
            List<ClassDelta> sorted = new ArrayList<>(deltas.values());
            sorted.sort(Comparator.comparingLong((ClassDelta d) -> Math.abs(d.bytes())).reversed());
            return sorted;
        }
    }

    public record ClassDelta(String className, long instances, long bytes) {
    }

    /** Two full GCs, then the heap figures; the raw histogram is kept in {@code saveHistogramTo} if not null. */
    public Snapshot measure(Path saveHistogramTo) {
        run("GC.run");
        run("GC.run");
        String info = run("GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("no 'used' in GC.heap_info of " + pid + ":\n" + info);
        }
        long g1Used = Long.parseLong(used.group(1)) * 1024;
        String histogram = run("GC.class_histogram");
        if (saveHistogramTo != null) {
            try {
                Files.createDirectories(saveHistogramTo.toAbsolutePath().getParent());
                Files.writeString(saveHistogramTo, histogram);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, ClassCount> classes = new HashMap<>();
        long totalBytes = -1;
        long totalObjects = -1;
        for (String line : histogram.split("\n")) {
            Matcher row = HISTOGRAM_ROW.matcher(line);
            if (row.find()) {
                classes.merge(row.group(3), new ClassCount(Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
                        (a, b) -> new ClassCount(a.instances + b.instances, a.bytes + b.bytes));
                continue;
            }
            Matcher total = HISTOGRAM_TOTAL.matcher(line.trim());
            if (total.find()) {
                totalObjects = Long.parseLong(total.group(1));
                totalBytes = Long.parseLong(total.group(2));
            }
        }
        if (totalBytes < 0) {
            throw new IllegalStateException("no Total in GC.class_histogram of " + pid);
        }
        return new Snapshot(g1Used, totalBytes, totalObjects, classes);
    }

    private String run(String command) {
        ProcessBuilder builder = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true);
        try {
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n"
                        + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The {@code jcmd} of the JDK that runs the process (attaching works best with the same JDK), else the PATH's. */
    private static String jcmdOf(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().command())
                .map(java -> Path.of(java).resolveSibling("jcmd"))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .orElse("jcmd");
    }
}
