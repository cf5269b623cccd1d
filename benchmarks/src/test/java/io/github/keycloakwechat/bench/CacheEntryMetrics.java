package io.github.keycloakwechat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entry counts of Keycloak's embedded Infinispan caches from the management interface's {@code /metrics}
 * (Prometheus text; Keycloak 26 exposes {@code vendor_statistics_approximate_entries{cache="..."}} when it is built
 * with {@code --metrics-enabled=true}). "Approximate" counts include entries that expired but were not yet removed by
 * the cache's expiration reaper, so a count back at its baseline means the entries are really gone from memory.
 */
public final class CacheEntryMetrics {

    public static final String METRIC = "vendor_statistics_approximate_entries";
    private static final Pattern SERIES = Pattern.compile("^" + METRIC + "\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern CACHE_LABEL = Pattern.compile("(?:^|,)cache=\"([^\"]+)\"");

    private final URI metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public CacheEntryMetrics(String managementUrl) {
        this.metrics = URI.create(managementUrl + "/metrics");
    }

    /** Entries per cache name (sorted by name); empty if the server exposes no such metric. */
    public Map<String, Long> entries() {
        return parse(scrape());
    }

    public String scrape() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + metrics + " answered HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + metrics + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The sum of all series of a metric without labels or with any (e.g. {@code jvm_threads_live_threads}), or -1. */
    public double gauge(String name) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                String[] parts = line.trim().split("\\s+");
                sum += Double.parseDouble(parts[parts.length - 1]);
                found = true;
            }
        }
        return found ? sum : -1;
    }

    static Map<String, Long> parse(String prometheusText) {
        Map<String, Long> entries = new TreeMap<>();
        for (String line : prometheusText.split("\n")) {
            Matcher series = SERIES.matcher(line);
            if (!series.find()) {
                continue;
            }
            Matcher cache = CACHE_LABEL.matcher(series.group(1));
            if (cache.find()) {
                entries.merge(cache.group(1), Math.round(Double.parseDouble(series.group(2))), Long::sum);
            }
        }
        return entries;
    }
}
