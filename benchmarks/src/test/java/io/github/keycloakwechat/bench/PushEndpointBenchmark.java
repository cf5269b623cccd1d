package io.github.keycloakwechat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.bench.baseline.BaselineResource;
import io.github.keycloakwechat.bench.baseline.BaselineResourceProviderFactory;
import io.github.keycloakwechat.crypto.EncryptedReply;
import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatSignature;
import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.ForgedPush;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.sandbox.SandboxApp;
import io.github.keycloakwechat.scan.SceneIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Throughput of the push endpoint, {@code POST /realms/{realm}/wechat/push/wechat-mp}, against Keycloak's floor on the
 * same server: the benchmark-only realm resource {@code /realms/{realm}/bench-baseline}, which answers a constant.
 *
 * <p>Every push is a genuine safe-mode push of a sandbox Service Account (signed with its Token, AES-encrypted with
 * its EncodingAESKey and AppID, as {@link ForgedPush} builds them) and every one is new: a fresh nonce and a
 * {@code SCAN} event for a fresh, well-formed scene id that no QR ever had. So each push is verified, decrypted,
 * parsed, recorded twice in the de-duplication store (nonce and message), looked up in the scan store (unknown), and
 * answered with the encrypted "this QR code has expired" text: the whole path of a real scan except the one write
 * of a successful scan. The baseline gets the same query string and body.
 *
 * <p>A closed loop on keep-alive HTTP/1.1 connections ({@link LoadRun}): a warm-up of both endpoints (JIT), then at
 * each concurrency a short warm-up and alternating slices of baseline and push, so that the machine's other load hits
 * both alike. The pushes are signed and encrypted before each slice; during it the generator only sends. JFR records
 * the server throughout; the profile reported is that of the push slices at concurrency 8.
 */
class PushEndpointBenchmark {

    private static final int[] CONCURRENCY = LoadRun.concurrencyLevels();
    /** One slice of one endpoint. */
    private static final Duration SLICE = Duration.ofSeconds(Long.getLong("bench.seconds", 5));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    /** Both endpoints at {@link #WARM_UP_CONCURRENCY} before anything is measured (JIT). */
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup.seconds", 30));
    private static final int WARM_UP_CONCURRENCY = 8;
    private static final Duration CONCURRENCY_WARM_UP = Duration.ofSeconds(Long.getLong("bench.cwarmup.seconds", 3));
    private static final int MAX_PUSHES_PER_SLICE = 400_000;
    private static final int JFR_CONCURRENCY = 8;

    @Test
    void signedSafeModePushesAgainstTheBaseline() throws Exception {
        try (KeycloakServer server = BenchKeycloak.start("push-endpoint", List.of());
             WeChatSandbox wechat = WeChatSandbox.start(server, AdminClient.forServer(server))) {
            WeChatRealm realm = wechat.realm("safe");
            SandboxApp app = realm.app();
            String openid = wechat.openidOf("alice", realm);
            String baselineUrl = server.realmUrl(realm.name()) + "/" + BaselineResourceProviderFactory.ID;
            Pushes pushes = new Pushes(realm.pushUrl(), baselineUrl, app, openid);

            // The endpoint takes ForgedPush's genuine push (the benchmark's own pushes are built the same way), and
            // the baseline is installed.
            ForgedPush.Sent genuine = new ForgedPush(realm.pushUrl(), app).genuine(
                    ForgedPush.scanEvent(app, openid, "SCAN", SceneIds.newSceneId(), "ticket", Instant.now().getEpochSecond()));
            assertEquals(200, genuine.status(), genuine.body());
            assertTrue(genuine.body().contains("<Encrypt>"), "an encrypted reply: " + genuine.body());
            HttpClient http = http();
            HttpResponse<String> base = http.send(pushes.baseline(0), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, base.statusCode(), "the baseline provider answers (is target/*-baseline.jar built?)");
            int refusalsBefore = countRefusals(server);
            long pid = server.jvmPid();

            Map<Integer, List<LoadRun.Result>> baseline = new LinkedHashMap<>();
            Map<Integer, List<LoadRun.Result>> push = new LinkedHashMap<>();
            // JFR from before the warm-up (its start-up recompiles much of the server), read for the pushes at one
            // concurrency.
            int jfrConcurrency = Arrays.stream(CONCURRENCY).anyMatch(c -> c == JFR_CONCURRENCY) ? JFR_CONCURRENCY : CONCURRENCY[0];
            Path jfr = Path.of(System.getProperty("it.build.dir", "target"), "jfr", "push-endpoint.jfr");
            List<JfrProfile.Window> pushWindows = new ArrayList<>();
            try (JfrProfile.Recording recording = JfrProfile.start(pid, jfr)) {
                // JIT warm-up of both paths, before any measurement; then a short warm-up at each concurrency.
                runBaseline(pushes, WARM_UP_CONCURRENCY, WARM_UP, pid, "warm-up baseline");
                double pushRate = runPush(pushes, WARM_UP_CONCURRENCY, WARM_UP, 1500, pid, "warm-up push").perSecond();
                for (int c : CONCURRENCY) {
                    runBaseline(pushes, c, CONCURRENCY_WARM_UP, pid, "warm-up baseline");
                    pushRate = Math.max(pushRate, runPush(pushes, c, CONCURRENCY_WARM_UP, pushRate, pid, "warm-up push").perSecond());
                    for (int round = 0; round < ROUNDS; round++) {
                        baseline.computeIfAbsent(c, k -> new ArrayList<>()).add(runBaseline(pushes, c, SLICE, pid, "baseline"));
                        Instant from = Instant.now();
                        LoadRun.Result slice = runPush(pushes, c, SLICE, pushRate, pid, "push");
                        if (c == jfrConcurrency) {
                            pushWindows.add(new JfrProfile.Window(from, Instant.now()));
                        }
                        pushRate = Math.max(pushRate, slice.perSecond());
                        push.computeIfAbsent(c, k -> new ArrayList<>()).add(slice);
                    }
                }
            }
            JfrProfile.Analysis analysis = JfrProfile.analyze(jfr, pushWindows);
            LoadRun.Result profiled = LoadRun.Result.merge(push.get(jfrConcurrency));
            System.out.println("[jfr] push\n" + analysis.toMarkdown(10));

            StringBuilder table = new StringBuilder();
            table.append("Closed loop, keep-alive HTTP/1.1 (java.net.http), ").append(ROUNDS).append(" alternating slices of ")
                    .append(SLICE.toSeconds()).append(" s per endpoint and concurrency, after a warm-up of both endpoints (")
                    .append(WARM_UP.toSeconds()).append(" s each at concurrency ").append(WARM_UP_CONCURRENCY)
                    .append(") and a short one (").append(CONCURRENCY_WARM_UP.toSeconds())
                    .append(" s) at each concurrency. Push: a genuine ")
                    .append("safe-mode `SCAN` of an unknown scene (verified, decrypted, de-duplicated, looked up, answered ")
                    .append("with an encrypted text); baseline: `POST /realms/{realm}/bench-baseline` with the same ")
                    .append("query and body, answering a constant.\n\n")
                    .append("| concurrency | endpoint | requests | req/s | p50 ms | p99 ms | push / baseline (req/s) "
                            + "| Keycloak CPU ms / request | Keycloak cores busy |\n")
                    .append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int c : CONCURRENCY) {
                LoadRun.Result b = LoadRun.Result.merge(baseline.get(c));
                LoadRun.Result p = LoadRun.Result.merge(push.get(c));
                assertEquals(0, b.errors(), () -> "baseline errors at c=" + c + ": " + b.firstErrors());
                assertEquals(0, p.errors(), () -> "push errors at c=" + c + ": " + p.firstErrors());
                table.append(row(c, "baseline", b, ""));
                table.append(row(c, "push (safe mode)", p,
                        String.format(Locale.ROOT, "%.2f×", p.perSecond() / b.perSecond())));
            }

            table.append("\nEvery push answered 200 with an encrypted reply (checked per request); ")
                    .append(pushes.pushesSent()).append(" distinct pushes in all, none refused by the endpoint.\n");
            table.append(String.format(Locale.ROOT, "%n## Where the server's CPU goes during pushes%n%n"
                    + "JFR (`settings=profile`) of the Keycloak JVM, recording from before the warm-up to the end (so its "
                    + "overhead is in every number above); read here: the samples taken during the push slices at "
                    + "concurrency %d (%d × %d s, %.0f req/s, %.2f ms Keycloak CPU per push; `target/jfr/%s`).%n%n",
                    jfrConcurrency, ROUNDS, SLICE.toSeconds(), profiled.perSecond(), profiled.serverCpuMillisPerOp(),
                    jfr.getFileName()));
            table.append(analysis.toMarkdown(8));
            assertEquals(refusalsBefore, countRefusals(server), "the endpoint refused or rejected some pushes");
            ResultsFile.write("PushEndpointBenchmark", "Push endpoint throughput against the Keycloak baseline",
                    table.toString());
        }
    }

    private static String row(int c, String endpoint, LoadRun.Result r, String ratio) {
        return String.format(Locale.ROOT, "| %d | %s | %d | %.0f | %.2f | %.2f | %s | %.2f | %.2f |%n", c, endpoint,
                r.operations(), r.perSecond(), r.percentileMillis(0.50), r.percentileMillis(0.99), ratio,
                r.serverCpuMillisPerOp(), r.serverCores());
    }

    private static LoadRun.Result runBaseline(Pushes pushes, int concurrency, Duration duration, long pid,
                                              String label) {
        HttpClient http = http();
        AtomicInteger next = new AtomicInteger();
        return LoadRun.run(label, concurrency, duration, pid, index -> () -> {
            HttpResponse<String> response = http.send(pushes.baseline(next.getAndIncrement()),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !BaselineResource.ANSWER.equals(response.body())) {
                throw new AssertionError("baseline: HTTP " + response.statusCode() + " " + response.body());
            }
        });
    }

    /** Signs and encrypts enough pushes for {@code duration} at twice {@code expectedRate}, then sends them. */
    private static LoadRun.Result runPush(Pushes pushes, int concurrency, Duration duration, double expectedRate,
                                          long pid, String label) throws Exception {
        int count = (int) Math.min(MAX_PUSHES_PER_SLICE, expectedRate * duration.toSeconds() * 2 + 500);
        List<HttpRequest> batch = pushes.generate(count);
        HttpClient http = http();
        AtomicInteger next = new AtomicInteger();
        LoadRun.Result result = LoadRun.run(label, concurrency, duration, batch.size(), pid, index -> () -> {
            HttpResponse<String> response = http.send(batch.get(next.getAndIncrement()),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().contains("<Encrypt>")) {
                throw new AssertionError("push: HTTP " + response.statusCode() + " " + response.body());
            }
        });
        if (result.operations() + result.errors() >= batch.size()) {
            System.out.println("[load] " + label + " c=" + concurrency + " used all " + batch.size()
                    + " prepared pushes before the slice ended; its rate is still over the time it ran");
        }
        return result;
    }

    /** One client per run: it keeps one keep-alive HTTP/1.1 connection per concurrent request. */
    private static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static int countRefusals(KeycloakServer server) {
        return (int) server.logLines().stream()
                .filter(line -> line.contains("Refused a WeChat push") || line.contains("Rejected a malformed WeChat push"))
                .count();
    }

    /** Builds pushes the way {@link ForgedPush#genuine} does, ahead of time. */
    static final class Pushes {
        private final String pushUrl;
        private final String baselineUrl;
        private final SandboxApp app;
        private final String openid;
        private final MessageCrypto crypto;
        private final List<HttpRequest> baselineRequests = new ArrayList<>();
        private long sent;

        Pushes(String pushUrl, String baselineUrl, SandboxApp app, String openid) throws Exception {
            this.pushUrl = pushUrl;
            this.baselineUrl = baselineUrl;
            this.app = app;
            this.openid = openid;
            this.crypto = new MessageCrypto(app.token(), app.encodingAesKey(), app.appId());
            for (int i = 0; i < 1000; i++) {
                String[] queryAndBody = seal();
                baselineRequests.add(request(baselineUrl, queryAndBody));
            }
        }

        HttpRequest baseline(int i) {
            return baselineRequests.get(Math.floorMod(i, baselineRequests.size()));
        }

        List<HttpRequest> generate(int count) throws Exception {
            long t0 = System.nanoTime();
            List<HttpRequest> batch = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                batch.add(request(pushUrl, seal()));
            }
            sent += count;
            System.out.printf(Locale.ROOT, "[load] prepared %d pushes in %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
            return batch;
        }

        long pushesSent() {
            return sent;
        }

        /** A new SCAN push: query string and body. */
        private String[] seal() throws Exception {
            long now = Instant.now().getEpochSecond();
            String ts = Long.toString(now);
            String nonce = ForgedPush.nonce();
            String inner = ForgedPush.scanEvent(app, openid, "SCAN", SceneIds.newSceneId(), "bench-" + nonce, now);
            EncryptedReply sealed = crypto.encrypt(inner, ts, nonce);
            String query = "signature=" + WeChatSignature.sign(app.token(), ts, nonce) + "&timestamp=" + ts
                    + "&nonce=" + nonce + "&openid=" + openid + "&encrypt_type=aes&msg_signature=" + sealed.msgSignature();
            String body = "<xml><ToUserName><![CDATA[" + app.originalId() + "]]></ToUserName><Encrypt><![CDATA["
                    + sealed.encrypt() + "]]></Encrypt></xml>";
            return new String[] {query, body};
        }

        private static HttpRequest request(String url, String[] queryAndBody) {
            return HttpRequest.newBuilder(URI.create(url + "?" + queryAndBody[0]))
                    .header("Content-Type", "text/xml")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(queryAndBody[1], StandardCharsets.UTF_8))
                    .build();
        }
    }
}
