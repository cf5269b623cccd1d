package io.github.keycloakwechat.it.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakCluster;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.SandboxClient;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Push-to-poll latency on a real cluster: three nodes on PostgreSQL behind the load balancer; WeChat's pushes go to
 * node 1. Each round runs three full scan logins in random order, whose page polls wait on node 1 (same node as
 * the push), on node 2 (another node, woken by the cluster event) and on node 3 (another node started with
 * {@code cluster-wakeup=false}, so only its 1 s re-check can answer). The time is from the push being sent to the
 * poll answering "scanned". Not part of the test suite; run it with
 * {@code ./mvnw -B install -DskipTests && ./mvnw -B verify -pl integration-tests -Dit.test=ClusterScanLatencyBenchmark}.
 */
class ClusterScanLatencyBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.logins", 50);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void sameNodeVersusClusterEventVersusRecheck() throws Exception {
        try (KeycloakCluster cluster = KeycloakCluster.start("bench", KeycloakCluster.Cache.ISPN, List.of(List.of(),
                List.of(), List.of("--spi-realm-restapi-extension--wechat--cluster-wakeup=false")));
             WeChatSandbox wechat = WeChatSandbox.start(cluster.front(), cluster.admin())) {
            WeChatRealm realm = wechat.realm("safe");
            wechat.sandbox().state().putApp(wechat.sandbox().state().app(realm.app().appId()).orElseThrow()
                    .withCallbackUrl(cluster.node(0).realmUrl(realm.name()) + "/wechat/push/" + WeChatRealm.ALIAS));
            Map<String, Integer> paths = new LinkedHashMap<>();
            paths.put("same node as the push", 0);
            paths.put("other node, cluster event", 1);
            paths.put("other node, re-check only (cluster-wakeup=false)", 2);
            Map<String, List<Double>> samples = new LinkedHashMap<>();
            paths.keySet().forEach(path -> samples.put(path, new ArrayList<>()));

            for (int node = 0; node < 3; node++) {
                runOnce(cluster.node(node), realm, wechat.phone()); // warm-up: class loading, tokens, JIT
            }
            for (int round = 0; round < ROUNDS; round++) {
                List<String> order = new ArrayList<>(paths.keySet());
                Collections.shuffle(order);
                for (String path : order) {
                    samples.get(path).add(runOnce(cluster.node(paths.get(path)), realm, wechat.phone()));
                }
            }

            StringBuilder report = new StringBuilder(
                    "| poll waits on | logins | median ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n");
            samples.forEach((path, values) -> report.append(Latencies.row(path, values)).append('\n'));
            Path out = Path.of("target", "benchmark", "cluster-scan-latency.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            System.out.println("[measure] cluster push-to-poll latency, push sent to node 1 -> poll answered\n"
                    + report);
        }
    }

    /** One full login whose page polls on {@code pollNode}; milliseconds from push sent to poll answered. */
    private static double runOnce(KeycloakServer pollNode, WeChatRealm realm, SandboxClient phone) throws Exception {
        QrLogin login = QrLogin.start(new HttpBrowser(), realm.client());
        String qrUrl = login.qrUrl();
        URI poll = URI.create(pollNode.realmUrl(realm.name()) + "/wechat/scan/" + login.scene()
                + "?known=pending&wait=25");
        long[] answeredAt = new long[1];
        CompletableFuture<Void> poller = CompletableFuture.runAsync(() -> {
            String body;
            do {
                body = get(poll);
            } while (body.contains("\"pending\""));
            answeredAt[0] = System.nanoTime();
        });
        // The page has been waiting for a while when the person scans: any phase of the re-check cycle.
        Thread.sleep(300 + ThreadLocalRandom.current().nextInt(1000));
        long sentAt = System.nanoTime();
        SandboxClient.ScanResult scan = phone.scan("alice", qrUrl);
        poller.get(30, TimeUnit.SECONDS);
        assertTrue(scan.delivered(), scan.body().toString());
        login.completeAndExchange();
        return (answeredAt[0] - sentAt) / 1_000_000.0;
    }

    private static String get(URI uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(40))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException(uri + ": " + e, e);
        }
    }

}
