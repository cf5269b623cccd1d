package io.github.keycloakwechat.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator: {@code concurrency} threads, each doing one operation after the other (the next
 * starts when the previous answered, no think time), for a fixed time or until a fixed number of operations started,
 * whichever comes first. Every operation's latency is kept; an operation that throws counts as an error (the first
 * few messages are kept for the sanity checks) and the thread goes on.
 */
public final class LoadRun {

    /** The concurrency levels a benchmark measures: {@code -Dbench.concurrency=1,8,32} (the default). */
    public static int[] concurrencyLevels() {
        return Arrays.stream(System.getProperty("bench.concurrency", "1,8,32").split(","))
                .mapToInt(level -> Integer.parseInt(level.trim())).toArray();
    }

    /** One operation of one worker; throws when its result is not what it should be. */
    @FunctionalInterface
    public interface Operation {
        void run() throws Exception;
    }

    /** Creates worker {@code index}'s operation (so each worker can own its connection, browser, user...). */
    @FunctionalInterface
    public interface Workers {
        Operation worker(int index) throws Exception;
    }

    /** What one run measured. */
    public record Result(String label, int concurrency, long operations, long errors, double seconds,
                         long[] sortedLatencyNanos, List<String> firstErrors, double serverCpuSeconds,
                         double clientCpuSeconds) {

        public double perSecond() {
            return seconds <= 0 ? 0 : operations / seconds;
        }

        /**
         * CPU time the server process spent per successful operation, in milliseconds (NaN without a server pid):
         * what an operation costs the server, whatever else the machine was doing.
         */
        public double serverCpuMillisPerOp() {
            return operations == 0 ? Double.NaN : serverCpuSeconds * 1000 / operations;
        }

        /** CPU time of this JVM (load generator, and whatever else runs in it, e.g. the sandbox) per operation. */
        public double clientCpuMillisPerOp() {
            return operations == 0 ? Double.NaN : clientCpuSeconds * 1000 / operations;
        }

        /** The server's CPU use over the run, in cores (1.0 = one core busy all the time). */
        public double serverCores() {
            return seconds <= 0 ? Double.NaN : serverCpuSeconds / seconds;
        }

        /** The latency below which {@code p} (0..1) of the successful operations answered, in milliseconds. */
        public double percentileMillis(double p) {
            return percentileMillis(sortedLatencyNanos, p);
        }

        static double percentileMillis(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }

        /** Several runs of the same thing (e.g. interleaved slices) as one: summed counts and time, merged latencies. */
        public static Result merge(List<Result> runs) {
            if (runs.isEmpty()) {
                throw new IllegalArgumentException("nothing to merge");
            }
            long operations = 0;
            long errors = 0;
            double seconds = 0;
            double serverCpu = 0;
            double clientCpu = 0;
            List<String> firstErrors = new ArrayList<>();
            int total = 0;
            for (Result r : runs) {
                operations += r.operations;
                errors += r.errors;
                seconds += r.seconds;
                serverCpu += r.serverCpuSeconds;
                clientCpu += r.clientCpuSeconds;
                total += r.sortedLatencyNanos.length;
                r.firstErrors.stream().limit(5 - Math.min(5, firstErrors.size())).forEach(firstErrors::add);
            }
            long[] all = new long[total];
            int at = 0;
            for (Result r : runs) {
                System.arraycopy(r.sortedLatencyNanos, 0, all, at, r.sortedLatencyNanos.length);
                at += r.sortedLatencyNanos.length;
            }
            Arrays.sort(all);
            return new Result(runs.get(0).label, runs.get(0).concurrency, operations, errors, seconds, all,
                    List.copyOf(firstErrors), serverCpu, clientCpu);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s c=%d: %d ops (%d errors) in %.1f s = %.1f/s, p50 %.2f ms, p99 %.2f ms,"
                    + " server CPU %.2f ms/op (%.2f cores), client CPU %.2f ms/op", label, concurrency, operations, errors,
                    seconds, perSecond(), percentileMillis(0.50), percentileMillis(0.99), serverCpuMillisPerOp(),
                    serverCores(), clientCpuMillisPerOp());
        }
    }

    private LoadRun() {
    }

    /** Runs for {@code duration}; see {@link #run(String, int, Duration, long, long, Workers)}. */
    public static Result run(String label, int concurrency, Duration duration, long serverPid, Workers workers) {
        return run(label, concurrency, duration, Long.MAX_VALUE, serverPid, workers);
    }

    /**
     * Starts {@code concurrency} workers together and lets them loop until {@code duration} passed or
     * {@code maxOperations} operations were started. The time is from the common start to the last answer; an
     * operation still running at the deadline is waited for and counted. The CPU time of process {@code serverPid}
     * (Linux {@code /proc}; -1: none) and of this JVM is read at the start and the end.
     */
    public static Result run(String label, int concurrency, Duration duration, long maxOperations, long serverPid,
                             Workers workers) {
        Operation[] operations = new Operation[concurrency];
        for (int i = 0; i < concurrency; i++) {
            try {
                operations[i] = workers.worker(i);
            } catch (Exception e) {
                throw new IllegalStateException("cannot prepare worker " + i + " of " + label, e);
            }
        }
        AtomicLong started = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        long[][] latencies = new long[concurrency][];
        int[] counts = new int[concurrency];
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        long[] serverCpu = new long[2];
        long[] clientCpu = new long[2];
        Thread[] threads = new Thread[concurrency];
        for (int i = 0; i < concurrency; i++) {
            int index = i;
            threads[i] = new Thread(() -> {
                long[] mine = new long[1024];
                int n = 0;
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long deadline = window[0] + duration.toNanos();
                while (System.nanoTime() < deadline && started.getAndIncrement() < maxOperations) {
                    long t0 = System.nanoTime();
                    try {
                        operations[index].run();
                        long t = System.nanoTime() - t0;
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = t;
                    } catch (Exception | AssertionError e) {
                        if (errors.incrementAndGet() <= 5) {
                            firstErrors.add(e.toString());
                        }
                    }
                }
                latencies[index] = mine;
                counts[index] = n;
            }, "load-" + label + "-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        try {
            ready.await();
            serverCpu[0] = processCpuNanos(serverPid);
            clientCpu[0] = ownCpuNanos();
            window[0] = System.nanoTime();
            go.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            window[1] = System.nanoTime();
            serverCpu[1] = processCpuNanos(serverPid);
            clientCpu[1] = ownCpuNanos();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < concurrency; i++) {
            System.arraycopy(latencies[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        double serverSeconds = serverPid < 0 ? Double.NaN : (serverCpu[1] - serverCpu[0]) / 1e9;
        Result result = new Result(label, concurrency, total, errors.get(), (window[1] - window[0]) / 1e9, all,
                List.copyOf(firstErrors), serverSeconds, (clientCpu[1] - clientCpu[0]) / 1e9);
        System.out.println("[load] " + result);
        return result;
    }

    /** User + system CPU time of a process from {@code /proc/<pid>/stat}, in nanoseconds; 0 when unknown. */
    static long processCpuNanos(long pid) {
        if (pid < 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Linux's USER_HZ; 100 on every common platform. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
