package io.github.keycloakwechat.bench.push;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark JVM per operation ({@code cpu.time.norm}, µs/op): the benchmark thread plus the GC and JIT
 * threads working for it. Unlike ops/s it barely moves when other processes take the cores away, which on a shared
 * build machine they do; normalized by the same operation count as {@code gc.alloc.rate.norm}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    static final String LABEL = "cpu.time.norm";

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long before;

    @Override
    public String getDescription() {
        return "CPU time of the whole JVM per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long nanos = os.getProcessCpuTime() - before;
        long ops = result.getMetadata().getAllOps();
        double perOp = ops == 0 ? Double.NaN : nanos / 1000.0 / ops;
        return List.of(new ScalarResult(LABEL, perOp, "µs/op", AggregationPolicy.AVG));
    }
}
