package io.github.keycloakwechat.bench.push;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link PushHandlingBenchmark} with JMH's GC profiler and writes
 * {@code docs/benchmark-results/PushHandlingBenchmark.md}. Bound to {@code integration-test} in the benchmarks module;
 * needs a real class path (JMH forks a JVM with it).
 *
 * <p>System properties: {@code bench.jmh.quick=true} (1×1 s warmup and measurement, for trying things out),
 * {@code bench.jmh.forks} (1), {@code bench.jmh.warmupIterations} (3), {@code bench.jmh.warmupTime} (2, seconds),
 * {@code bench.jmh.iterations} (5), {@code bench.jmh.time} (2, seconds), {@code bench.results.dir};
 * {@code bench.jmh.stages=true} (or the argument {@code stages}) runs {@link PushStagesBenchmark} instead and writes
 * {@code PushHandlingStages.md} (2×2 s warmup, 3×2 s measurement unless overridden).
 */
public final class PushHandlingReport {

    static final String NAME = "PushHandlingBenchmark";
    static final String STAGES_NAME = "PushHandlingStages";
    private static final String OURS = "keycloakWechat";
    private static final String WXJAVA = "wxJava";

    private PushHandlingReport() {
    }

    public static void main(String[] args) throws RunnerException {
        boolean stages = Boolean.getBoolean("bench.jmh.stages") || List.of(args).contains("stages");
        boolean quick = Boolean.getBoolean("bench.jmh.quick");
        int forks = Integer.getInteger("bench.jmh.forks", 1);
        int warmupIterations = quick ? 1 : Integer.getInteger("bench.jmh.warmupIterations", stages ? 2 : 3);
        int warmupSeconds = quick ? 1 : Integer.getInteger("bench.jmh.warmupTime", 2);
        int iterations = quick ? 1 : Integer.getInteger("bench.jmh.iterations", stages ? 3 : 5);
        int seconds = quick ? 1 : Integer.getInteger("bench.jmh.time", 2);
        Class<?> benchmark = stages ? PushStagesBenchmark.class : PushHandlingBenchmark.class;

        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(Pattern.quote(benchmark.getName()) + "\\.")
                .forks(forks)
                .threads(1)
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.seconds(warmupSeconds))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(seconds))
                .addProfiler(GCProfiler.class)
                .addProfiler(CpuTimeProfiler.class);
        double loadBefore = loadAverage();
        Collection<RunResult> results = new Runner(options.build()).run();
        double loadAfter = loadAverage();

        String settings = String.format(Locale.ROOT, "JMH 1.37, %d fork, 1 thread, %d×%d s warmup, %d×%d s measurement, "
                + "`-prof gc` and a CPU-time profiler (`cpu.time.norm`: CPU time of the benchmark JVM, GC and JIT "
                + "included, per operation)%s. ± is JMH's 99.9%% confidence half-width. System load average (1 min) "
                + "%.1f before the run, %.1f after: with more runnable threads than cores, ops/s falls and varies with "
                + "what else runs, CPU time per op and allocation per op much less.", forks, warmupIterations,
                warmupSeconds, iterations, seconds,
                quick ? " (quick run, `-Dbench.jmh.quick=true`: indicative only)" : "", loadBefore, loadAfter);
        String machineNote = "JMH alone (no Keycloak); other builds may share the cores";
        if (stages) {
            ResultsHeader.write(STAGES_NAME, "Push handling against WxJava, stage by stage (JMH)",
                    "-DskipITs -Dbench.jmh.stages=true", machineNote, settings + "\n\n" + stagesTable(results));
        } else {
            ResultsHeader.write(NAME, "Push handling against WxJava (JMH)", "-DskipITs", machineNote,
                    settings + "\n\n" + table(results));
        }
    }

    /** One row per stage, in the order each implementation runs them. */
    static String stagesTable(Collection<RunResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("| stage (safe mode, one push) | µs/op | ± (99.9%) | CPU µs/op | gc.alloc.rate.norm (bytes/op) |\n");
        out.append("|---|---:|---:|---:|---:|\n");
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            Result<?> primary = result.getPrimaryResult();
            out.append("| `").append(method).append("` | ")
                    .append(String.format(Locale.ROOT, "%.2f", primary.getScore())).append(" | ")
                    .append(Double.isNaN(primary.getScoreError()) ? "n/a"
                            : String.format(Locale.ROOT, "%.2f", primary.getScoreError()))
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", secondary(result, CpuTimeProfiler.LABEL)))
                    .append(" | ").append(number(allocation(result))).append(" |\n");
        }
        return out.toString();
    }

    /** One row per mode and implementation, then the ratios per mode. */
    static String table(Collection<RunResult> results) {
        Map<String, Map<String, RunResult>> byMode = new TreeMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            byMode.computeIfAbsent(result.getParams().getParam("mode"), k -> new TreeMap<>()).put(method, result);
        }
        List<String> modes = new ArrayList<>(byMode.keySet());
        modes.sort((a, b) -> order(a) - order(b));

        StringBuilder out = new StringBuilder();
        out.append("| mode | implementation | ops/s | ± (99.9%) | CPU µs/op | gc.alloc.rate.norm (bytes/op) |\n");
        out.append("|---|---|---:|---:|---:|---:|\n");
        for (String mode : modes) {
            for (String method : List.of(OURS, WXJAVA)) {
                RunResult result = byMode.get(mode).get(method);
                if (result == null) {
                    continue;
                }
                Result<?> primary = result.getPrimaryResult();
                out.append("| ").append(mode).append(" | ").append(label(method)).append(" | ")
                        .append(number(primary.getScore())).append(" | ").append(number(primary.getScoreError()))
                        .append(" | ").append(String.format(Locale.ROOT, "%.1f", cpu(result)))
                        .append(" | ").append(number(allocation(result))).append(" |\n");
            }
        }
        out.append("\n| mode | throughput, this project / WxJava | CPU time per op, WxJava / this project "
                + "| allocation per op, this project / WxJava |\n");
        out.append("|---|---:|---:|---:|\n");
        for (String mode : modes) {
            RunResult ours = byMode.get(mode).get(OURS);
            RunResult theirs = byMode.get(mode).get(WXJAVA);
            if (ours == null || theirs == null) {
                continue;
            }
            out.append("| ").append(mode).append(" | ")
                    .append(ratio(ours.getPrimaryResult().getScore(), theirs.getPrimaryResult().getScore()))
                    .append(" | ").append(ratio(cpu(theirs), cpu(ours)))
                    .append(" | ").append(ratio(allocation(ours), allocation(theirs))).append(" |\n");
        }
        return out.toString();
    }

    private static int order(String mode) {
        return switch (mode) {
            case "plain" -> 0;
            case "safe" -> 1;
            default -> 2;
        };
    }

    private static String label(String method) {
        return OURS.equals(method) ? "this project (`PushEnvelope.receive`)" : "WxJava 4.7.0";
    }

    /** {@code gc.alloc.rate.norm} (named {@code ·gc.alloc.rate.norm} before JMH 1.36). */
    static double allocation(RunResult result) {
        return secondary(result, "gc.alloc.rate.norm");
    }

    static double cpu(RunResult result) {
        return secondary(result, CpuTimeProfiler.LABEL);
    }

    private static double secondary(RunResult result, String label) {
        for (Map.Entry<String, Result> entry : result.getSecondaryResults().entrySet()) {
            if (entry.getKey().endsWith(label)) {
                return entry.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String ratio(double ours, double theirs) {
        return Double.isNaN(ours) || Double.isNaN(theirs) || theirs == 0
                ? "n/a" : String.format(Locale.ROOT, "%.2f×", ours / theirs);
    }
}
