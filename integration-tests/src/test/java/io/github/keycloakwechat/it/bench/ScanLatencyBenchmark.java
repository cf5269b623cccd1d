package io.github.keycloakwechat.it.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.SandboxClient;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.sandbox.SandboxConfig;
import io.github.keycloakwechat.sandbox.SandboxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Scan-to-redirect latency: from the moment WeChat (the sandbox) sends the push to the moment the login page's poll
 * learns "scanned", over N full logins, for the long poll and, in the same run, for a plain poll every 2 s.
 * Not part of the test suite (timings on a shared machine are not assertions); run it with
 * {@code ./mvnw -B install -DskipTests && ./mvnw -B verify -pl integration-tests -Dit.test=ScanLatencyBenchmark};
 * add {@code -Dkeycloak.start.options=--spi-realm-restapi-extension--wechat--local-wakeup=false
 * "-Dbench.label=wake-up off"} to measure what a poll waiting on another node than the push sees.
 */
@KeycloakTest
class ScanLatencyBenchmark {

    private static final int LOGINS = Integer.getInteger("bench.logins", 50);
    /** Names the server setup, e.g. "wake-up off" when started with the local wake-up disabled. */
    private static final String LABEL = System.getProperty("bench.label", "wake-up on");

    @Test
    void longPollVersusTwoSecondPoll(KeycloakServer server, AdminClient admin) throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.defaults().withAddress("127.0.0.1", 0));
             WeChatRealm realm = WeChatRealm.create(server, admin, sandbox, "safe")) {
            SandboxClient phone = new SandboxClient(sandbox.baseUrl());
            runOnce(realm, phone, true); // warm-up: class loading, token cache, JIT
            runOnce(realm, phone, false);
            List<Double> longPoll = new ArrayList<>();
            List<Double> plainPoll = new ArrayList<>();
            for (int i = 0; i < LOGINS; i++) {
                longPoll.add(runOnce(realm, phone, true));
                plainPoll.add(runOnce(realm, phone, false));
            }
            String report = String.format(Locale.ROOT,
                    "| poll | logins | median ms | p90 ms | p99 ms | max ms |%n|---|---|---|---|---|---|%n%s%n%s%n",
                    Latencies.row("long poll, " + LABEL, longPoll), Latencies.row("plain poll every 2 s", plainPoll));
            Path out = Path.of("target", "benchmark", "scan-latency-" + LABEL.replaceAll("[^A-Za-z0-9]+", "-") + ".md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            System.out.println("[measure] scan-to-redirect latency, push sent -> poll answered\n" + report);
        }
    }

    /** One full login; returns milliseconds from the push being sent to the page's poll answering "scanned". */
    private static double runOnce(WeChatRealm realm, SandboxClient phone, boolean longPoll) throws Exception {
        QrLogin login = QrLogin.start(new HttpBrowser(), realm.client());
        String qrUrl = login.qrUrl();
        long[] answeredAt = new long[1];
        CompletableFuture<Void> poller = CompletableFuture.runAsync(() -> {
            if (longPoll) {
                String status;
                do {
                    status = login.status("pending", 25);
                } while ("pending".equals(status));
            } else {
                sleep(ThreadLocalRandom.current().nextInt(2000)); // a page polls at some phase of its 2 s cycle
                while (!"scanned".equals(login.status(null, 0))) {
                    sleep(2000);
                }
            }
            answeredAt[0] = System.nanoTime();
        });
        sleep(300); // the page is waiting before the person scans
        long sentAt = System.nanoTime();
        SandboxClient.ScanResult scan = phone.scan("alice", qrUrl);
        poller.get(30, TimeUnit.SECONDS);
        assertEquals(true, scan.delivered(), scan.body().toString());
        login.completeAndExchange();
        return (answeredAt[0] - sentAt) / 1_000_000.0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
