package io.github.keycloakwechat.it.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Latency samples as a Markdown table row: count, median, p90, p99 and max in milliseconds. */
final class Latencies {

    static final String HEADER = "| logins | median ms | p90 ms | p99 ms | max ms |";

    private Latencies() {
    }

    /** {@code | name | n | p50 | p90 | p99 | max |} */
    static String row(String name, List<Double> samples) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f |", name, sorted.size(),
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    /** Nearest-rank percentile: p99 of 50 samples is the slowest one. */
    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
