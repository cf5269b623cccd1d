package io.github.keycloakwechat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.mp.WeChatMpSetting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a QR login that nobody scans costs the server, and that it goes away by itself.
 *
 * <p>{@code bench.pending} (default 20,000) new browsers (each its own cookie jar; {@link QrPageLoad}) each do the
 * app's authorization request and click the WeChat button, over HTTP, until the QR page: each leaves one Keycloak authentication session and one scene entry
 * of this extension ({@code wechat:scan:<scene>} in the single-use store, i.e. Infinispan's {@code actionTokens}
 * cache). Then nothing more happens, and the heap of the Keycloak JVM (live objects after full GCs, via
 * {@code jcmd}) and the caches' entry counts ({@code /metrics}) are measured four times:
 *
 * <ol>
 *   <li><b>before</b>: after a warm-up of {@code bench.warmup} logins that have expired and been removed again;</li>
 *   <li><b>pending</b>: right after the last QR page;</li>
 *   <li><b>scenes expired</b>: once the scene entries are gone (their TTL is the QR lifetime + 120 s), while the
 *       auth sessions still live — the difference to "pending" is this extension's part, measured, not modelled;</li>
 *   <li><b>all expired</b>: once the auth sessions are gone too — the difference to "scenes expired" is Keycloak's
 *       own part, and this figure should be back at "before".</li>
 * </ol>
 *
 * <p>To keep every login pending until the second measurement without waiting many minutes afterwards, the QR
 * lifetime and the realm's login lifespans are set while the logins are created: each login gets about the time the
 * rest of the run still needs (QR lifetime at least 60 s, WeChat-side minimum of this extension), and auth sessions
 * live {@code bench.authAfterScenes} (150) s longer than the scene entries. Keycloak's auth session lifespan is the
 * largest of the realm's {@code accessCodeLifespanLogin}, {@code accessCodeLifespanUserAction} and
 * {@code accessCodeLifespan}; Infinispan's expiration reaper removes expired entries once a minute.
 */
class PendingQrMemoryBenchmark {

    static {
        // Idle client connections must not be part of the heap measured: with -Dbench.harnessBrowser=true every login
        // is a new HttpBrowser with its own HttpClient, and with the JDK's default keep-alive (20 min) each would leave
        // a connection open at Keycloak. Read once, when the JDK's connection pool class loads (so only if no earlier
        // benchmark in this JVM used an HttpClient); finished clients are also garbage-collected before measuring.
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", "3");
        }
    }

    private static final String NAME = "PendingQrMemoryBenchmark";
    private static final int PENDING = Integer.getInteger("bench.pending", 20_000);
    /** Warm-up at full speed (the JIT needs a minute or two of load), which also tells the rate to expect. */
    private static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("bench.warmupSeconds", 90));
    private static final int THREADS = Integer.getInteger("bench.threads", 12);
    /** true: each login a new {@code HttpBrowser} via {@code QrLogin.start} (more CPU per login); else {@link QrPageLoad}. */
    private static final boolean HARNESS_BROWSER = Boolean.getBoolean("bench.harnessBrowser");

    private static final String AUTH_SESSIONS = "authenticationSessions";
    private static final String ACTION_TOKENS = "actionTokens";
    /** ScanSessionStore keeps a scene this long after its QR expired (so the page can still renew it). */
    private static final int SCENE_GRACE_SECONDS = 120;
    private static final int MIN_QR_LIFETIME = 60;
    private static final int MAX_QR_LIFETIME = 1800;
    /** The reaper's minute, the spread of the scenes' expiry times and the measurement in between. */
    private static final int AUTH_AFTER_SCENES_SECONDS = Integer.getInteger("bench.authAfterScenes", 150);
    /** From the last QR page to the end of the "pending" measurement, with room to spare. */
    private static final int MEASURE_MARGIN_SECONDS = 210;
    private static final String LIVE_THREADS = "jvm_threads_live_threads";
    /** How much longer than the rate so far predicts the rest of the run may take (the margin above comes on top). */
    private static final double SAFETY = 1.15;
    /** At least this long for expired entries to be removed, more when lifetimes end later. */
    private static final Duration REAP_TIMEOUT = Duration.ofMinutes(6);
    private static final Pattern EXPIRES_IN = Pattern.compile("data-expires-in=\"(\\d+)\"");

    @Test
    void pendingQrLoginsAreSmallAndExpireByThemselves() throws Exception {
        try (KeycloakServer server = BenchKeycloak.start("pending-qr", List.of())) {
            AdminClient admin = AdminClient.forServer(server);
            try (WeChatSandbox wechat = WeChatSandbox.start(server, admin)) {
                run(server, admin, wechat);
            }
        }
    }

    private void run(KeycloakServer server, AdminClient admin, WeChatSandbox wechat) throws Exception {
        // Every browser here comes from 127.0.0.1: the per-address bound on new codes (qrCodesPerMinute) is off.
        WeChatRealm realm = wechat.realm("safe", Map.of(WeChatMpSetting.QR_LIFETIME.key(), "60",
                WeChatMpSetting.QR_CODES_PER_MINUTE.key(), "0"));
        int qrUrlLength = wechat.sandbox().baseUrl().length() + "/q/".length() + 22;
        OidcClientFlow client = realm.client();
        Lifetimes lifetimes = new Lifetimes(admin, realm.name());
        CacheEntryMetrics metrics = new CacheEntryMetrics(server.managementUrl().orElseThrow());
        JcmdHeap heap = new JcmdHeap(server.jvmPid());
        Path target = Path.of(System.getProperty("it.build.dir", "target")).resolve("pending-qr");
        log("Keycloak JVM " + server.jvmPid() + ", " + PENDING + " pending logins, " + THREADS + " threads");
        Map<String, Long> initial = metrics.entries();
        assertTrue(initial.containsKey(AUTH_SESSIONS) && initial.containsKey(ACTION_TOKENS),
                "no " + CacheEntryMetrics.METRIC + " for " + AUTH_SESSIONS + "/" + ACTION_TOKENS + " in /metrics: "
                        + initial);
        log("entries at start: " + initial);

        // 1. Warm-up (JIT, templates, theme messages, token cache): short lifetimes, then wait until they are gone.
        lifetimes.apply(MIN_QR_LIFETIME, MIN_QR_LIFETIME);
        Batch warm = createLogins(client, Integer.MAX_VALUE, WARMUP, null);
        log(String.format(Locale.ROOT, "warm-up: %d logins in %.1f s (%.0f/s, last 30 s %.0f/s), %d failed",
                warm.succeeded(), warm.seconds(), warm.perSecond(), warm.recentPerSecond(), warm.failed()));
        assertEquals(0, warm.failed(), () -> "warm-up failures: " + warm.errors());
        Duration warmReap = awaitEntries(metrics, "warm-up entries removed", 0,
                e -> e.get(AUTH_SESSIONS) <= initial.get(AUTH_SESSIONS)
                        && e.get(ACTION_TOKENS) <= initial.get(ACTION_TOKENS));

        // 2. Before.
        double idleThreads = metrics.gauge(LIVE_THREADS);
        Moment before = measure("before", heap, metrics, target);

        // 3. The pending logins, with lifetimes that just outlast the run.
        Rolling rolling = new Rolling(lifetimes, PENDING, Math.max(1, warm.recentPerSecond()));
        Cpu cpuBefore = Cpu.now(server.jvmPid());
        Batch main = createLogins(client, PENDING, null, rolling);
        Cpu cpu = Cpu.now(server.jvmPid()).minus(cpuBefore);
        log(String.format(Locale.ROOT, "created %d pending logins in %.1f s (%.1f/s), %d failed; QR lifetimes %s; %s",
                main.succeeded(), main.seconds(), main.perSecond(), main.failed(), main.qrLifetimes(), cpu));

        // 4. Pending: once the finished browsers' HttpClients (and their connections to Keycloak) are gone, and
        // Keycloak's worker pool is back to its idle size (each thread keeps per-thread buffers and object pools).
        releaseClientConnections();
        awaitIdleThreads(metrics, idleThreads);
        Moment pending = measure("pending", heap, metrics, target);
        long pendingAuth = pending.entries().get(AUTH_SESSIONS) - before.entries().get(AUTH_SESSIONS);
        long pendingScenes = pending.entries().get(ACTION_TOKENS) - before.entries().get(ACTION_TOKENS);

        // 5. The scene entries expire (QR lifetime + 120 s) and are reaped; the auth sessions still live.
        Duration scenesReap = awaitEntries(metrics, "scene entries removed", rolling.latestSceneExpiry(),
                e -> e.get(ACTION_TOKENS) <= before.entries().get(ACTION_TOKENS));
        Moment scenesGone = measure("scenes expired", heap, metrics, target);
        long authStillThere = scenesGone.entries().get(AUTH_SESSIONS) - before.entries().get(AUTH_SESSIONS);

        // 6. The auth sessions expire and are reaped.
        Duration authReap = awaitEntries(metrics, "auth sessions removed", rolling.latestAuthEnd(),
                e -> e.get(AUTH_SESSIONS) <= before.entries().get(AUTH_SESSIONS));
        Moment expired = measure("all expired", heap, metrics, target);

        String body = report(server, qrUrlLength, warm, warmReap, main, cpu, rolling, before, pending, scenesGone, expired,
                pendingAuth, pendingScenes, authStillThere, scenesReap, authReap);
        ResultsFile.write(NAME, "Pending QR sessions: memory and expiry", body);

        assertEquals(0, main.failed(), () -> main.failed() + " logins failed, e.g. " + main.errors());
        assertEquals(PENDING, main.succeeded(), () -> main.skipped() + " logins not started: the machine was too slow "
                + "to keep " + PENDING + " pending at once within the longest QR lifetime");
        assertEquals(main.succeeded(), pendingAuth, "every login was pending at once (auth sessions)");
        assertEquals(main.succeeded(), pendingScenes, "every login was pending at once (scene entries)");
        assertTrue(scenesReap != null && authReap != null, "everything expired and was removed in time");
    }

    // ---- creating logins -------------------------------------------------------------------------------------

    /**
     * What one batch of logins did; {@code qrLifetimes} are the lifetimes the QR pages announced, {@code skipped} the
     * logins not started because of a deadline, {@code recentPerSecond} the rate over the batch's last 30 s.
     */
    private record Batch(int succeeded, int failed, int skipped, double seconds, double recentPerSecond,
                         List<String> errors, Set<Integer> qrLifetimes) {
        double perSecond() {
            return seconds <= 0 ? 0 : succeeded / seconds;
        }
    }

    /**
     * {@code count} logins by {@link #THREADS} workers, or as many as fit in {@code duration} (then {@code count} is
     * only an upper bound), with the {@code rolling} lifetimes if not null.
     */
    private Batch createLogins(OidcClientFlow client, int count, Duration duration, Rolling rolling)
            throws InterruptedException {
        QrPageLoad load = new QrPageLoad(client);
        java.util.function.IntSupplier openQrPage = HARNESS_BROWSER ? () -> harnessLogin(client) : load::openQrPage;
        AtomicInteger claimed = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        Set<Integer> lifetimesSeen = java.util.Collections.synchronizedSet(new TreeSet<>());
        List<long[]> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        if (rolling != null) {
            rolling.start(started);
            rolling.tick(0); // before the first login, which must not get the warm-up's short lifetimes
        }
        ticker.scheduleAtFixedRate(() -> {
            int done = succeeded.get() + failed.get();
            samples.add(new long[] {System.nanoTime(), done});
            if (rolling != null) {
                try {
                    rolling.tick(done);
                } catch (RuntimeException | Error e) {
                    errors.add("lifetime update: " + e);
                }
            }
            long sampled = samples.size();
            if (sampled % 15 == 0) {
                log(String.format(Locale.ROOT, "  %d logins after %.0f s", done, (System.nanoTime() - started) / 1e9));
            }
        }, 2, 2, TimeUnit.SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        for (int t = 0; t < THREADS; t++) {
            pool.execute(() -> {
                while (claimed.incrementAndGet() <= count) {
                    if (System.nanoTime() > deadline) {
                        return;
                    }
                    if (rolling != null && rolling.pastDeadline()) {
                        skipped.incrementAndGet(); // the first logins would expire before all are measured
                        continue;
                    }
                    try {
                        lifetimesSeen.add(openQrPage.getAsInt());
                        succeeded.incrementAndGet();
                    } catch (Throwable e) {
                        failed.incrementAndGet();
                        if (errors.size() < 5) {
                            errors.add(e.toString());
                        }
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(40, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException("logins did not finish within 40 minutes");
        }
        ticker.shutdownNow();
        long ended = System.nanoTime();
        int done = succeeded.get() + failed.get();
        double recent = done / ((ended - started) / 1e9);
        synchronized (samples) {
            for (long[] sample : samples) {
                if (ended - sample[0] <= TimeUnit.SECONDS.toNanos(30)) {
                    recent = (done - sample[1]) / ((ended - sample[0]) / 1e9);
                    break;
                }
            }
        }
        return new Batch(succeeded.get(), failed.get(), skipped.get(), (ended - started) / 1e9, recent,
                List.copyOf(errors), new TreeSet<>(lifetimesSeen));
    }

    /** The harness's way ({@code -Dbench.harnessBrowser=true}): a new {@link HttpBrowser} per login. */
    private static int harnessLogin(OidcClientFlow client) {
        HttpBrowser.Page page = QrLogin.start(new HttpBrowser(), client).page();
        Matcher expiresIn = EXPIRES_IN.matcher(page.body());
        if (page.status() != 200 || !page.body().contains("data-state=\"pending\"") || !expiresIn.find()) {
            throw new AssertionError("not a pending QR page: " + page);
        }
        return Integer.parseInt(expiresIn.group(1));
    }

    /** The realm's login lifespans and the provider's QR lifetime, through the admin API. */
    private static final class Lifetimes {
        private final AdminClient admin;
        private final String realm;

        Lifetimes(AdminClient admin, String realm) {
            this.admin = admin;
            this.realm = realm;
        }

        synchronized void apply(int qrSeconds, int authSeconds) {
            ObjectNode timeouts = admin.object()
                    .put("accessCodeLifespanLogin", authSeconds)
                    .put("accessCodeLifespanUserAction", authSeconds)
                    .put("accessCodeLifespan", Math.min(60, authSeconds));
            admin.put("/" + realm, timeouts).expect(204);
            ObjectNode idp = (ObjectNode) admin.getIdentityProvider(realm, WeChatRealm.ALIAS);
            ((ObjectNode) idp.get("config")).put(WeChatMpSetting.QR_LIFETIME.key(), Integer.toString(qrSeconds));
            admin.updateIdentityProvider(realm, idp);
        }
    }

    /**
     * Lifetimes that shrink as the run goes on: a login created when the rest of the run still needs about {@code r}
     * seconds gets a QR lifetime of about {@code 1.15 r + 90 s} (its scene entry lives 120 s more), so every login is still
     * there when the run ends and is measured, and they all expire within a short time of each other afterwards. The
     * auth sessions get a lifespan that ends {@code bench.authAfterScenes} seconds after the latest scene entry created
     * so far expires, so there is a moment when all scene entries are gone and all auth sessions still there.
     */
    private static final class Rolling {
        private final Lifetimes lifetimes;
        private final int total;
        private final double initialRate;
        private long started;
        private int currentQr;
        private long currentAuthEnd;
        private long latestSceneExpiry;
        private long latestAuthEnd;
        private volatile long earliestSceneExpiry = Long.MAX_VALUE;
        private final List<String> changes = new ArrayList<>();

        Rolling(Lifetimes lifetimes, int total, double initialRate) {
            this.lifetimes = lifetimes;
            this.total = total;
            this.initialRate = initialRate;
        }

        void start(long nanoTime) {
            started = nanoTime;
        }

        synchronized void tick(int done) {
            double elapsed = (System.nanoTime() - started) / 1e9;
            double rate = done < 20 || elapsed < 4 ? initialRate : done / elapsed;
            double remaining = (total - done) / rate;
            int qr = (int) Math.ceil(SAFETY * remaining + MEASURE_MARGIN_SECONDS - SCENE_GRACE_SECONDS);
            qr = Math.max(MIN_QR_LIFETIME, Math.min(MAX_QR_LIFETIME, qr));
            long now = System.currentTimeMillis() / 1000;
            // A login created before the next tick (2 s) may still get this lifetime.
            latestSceneExpiry = Math.max(latestSceneExpiry, now + 3 + qr + SCENE_GRACE_SECONDS);
            earliestSceneExpiry = Math.min(earliestSceneExpiry, now + qr + SCENE_GRACE_SECONDS);
            long authEnd = latestSceneExpiry + AUTH_AFTER_SCENES_SECONDS;
            if (currentQr == 0 || Math.abs(qr - currentQr) >= 10 || (qr == MIN_QR_LIFETIME && currentQr != qr)
                    || Math.abs(authEnd - currentAuthEnd) >= 10) {
                int auth = (int) (authEnd - now);
                lifetimes.apply(qr, auth);
                currentQr = qr;
                currentAuthEnd = authEnd;
                latestAuthEnd = Math.max(latestAuthEnd, authEnd);
                changes.add(String.format(Locale.ROOT, "%.0f s: QR %d s, auth %d s", elapsed, qr, auth));
            }
        }

        /**
         * Whether starting more logins would risk the first ones expiring before the "pending" measurement (when the
         * machine is so slow that even the longest QR lifetime, 1800 s, does not cover the run).
         */
        boolean pastDeadline() {
            return System.currentTimeMillis() / 1000 > earliestSceneExpiry - 150;
        }

        synchronized long latestSceneExpiry() {
            return latestSceneExpiry;
        }

        synchronized long latestAuthEnd() {
            return latestAuthEnd;
        }

        synchronized List<String> changes() {
            return List.copyOf(changes);
        }
    }

    /** CPU seconds used so far by the Keycloak JVM and by this JVM (load generator and sandbox), and the load. */
    private record Cpu(double keycloakSeconds, double clientSeconds, String loadAverage, String startLoadAverage) {

        static Cpu now(long keycloakPid) {
            double keycloak = ProcessHandle.of(keycloakPid).flatMap(p -> p.info().totalCpuDuration())
                    .map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
            double client = ProcessHandle.current().info().totalCpuDuration()
                    .map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
            String load;
            try {
                load = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            } catch (java.io.IOException | RuntimeException e) {
                load = "?";
            }
            return new Cpu(keycloak, client, load, load);
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(keycloakSeconds - earlier.keycloakSeconds, clientSeconds - earlier.clientSeconds,
                    loadAverage, earlier.loadAverage);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "CPU Keycloak %.1f s, client+sandbox %.1f s, load %s -> %s",
                    keycloakSeconds, clientSeconds, startLoadAverage, loadAverage);
        }
    }

    // ---- measuring -------------------------------------------------------------------------------------------

    private record Moment(String label, JcmdHeap.Snapshot heap, Map<String, Long> entries, long atMillis) {
    }

    private Moment measure(String label, JcmdHeap heap, CacheEntryMetrics metrics, Path target) {
        JcmdHeap.Snapshot snapshot = heap.measure(target.resolve("histogram-" + label.replace(' ', '-') + ".txt"));
        Map<String, Long> entries = metrics.entries();
        log(String.format(Locale.ROOT, "%s: live %s (%,d objects), G1 used %s; entries %s", label,
                mib(snapshot.liveBytes()), snapshot.liveObjects(), mib(snapshot.g1UsedBytes()), entries));
        return new Moment(label, snapshot, entries, System.currentTimeMillis());
    }

    /** Lets the test JVM collect the finished browsers, whose HttpClients then close their connections. */
    private static void releaseClientConnections() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(2_000);
        }
        Thread.sleep(4_000);
    }

    private static void awaitIdleThreads(CacheEntryMetrics metrics, double idle) throws InterruptedException {
        long started = System.nanoTime();
        double live = metrics.gauge(LIVE_THREADS);
        while (idle > 0 && live > idle + 2 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(150)) {
            Thread.sleep(5_000);
            live = metrics.gauge(LIVE_THREADS);
        }
        log(String.format(Locale.ROOT, "Keycloak threads %.0f (idle before: %.0f) after %.0f s", live, idle,
                (System.nanoTime() - started) / 1e9));
    }

    /**
     * Polls the entry counts every 5 s until {@code done}; the time it took, or null after {@link #REAP_TIMEOUT} or
     * 3 minutes after the last lifetime ends ({@code lastExpiryEpochSecond}, 0 if unknown), whichever is later.
     */
    private static Duration awaitEntries(CacheEntryMetrics metrics, String what, long lastExpiryEpochSecond,
                                         Predicate<Map<String, Long>> done) throws InterruptedException {
        long started = System.nanoTime();
        Duration timeout = REAP_TIMEOUT;
        long untilLastExpiry = lastExpiryEpochSecond - System.currentTimeMillis() / 1000 + 180;
        if (untilLastExpiry > timeout.toSeconds()) {
            timeout = Duration.ofSeconds(untilLastExpiry);
        }
        long lastLog = 0;
        while (true) {
            Map<String, Long> entries = metrics.entries();
            long waited = System.nanoTime() - started;
            if (done.test(entries)) {
                log(String.format(Locale.ROOT, "%s after %.0f s: %s", what, waited / 1e9, entries));
                return Duration.ofNanos(waited);
            }
            if (waited > timeout.toNanos()) {
                log("NOT " + what + " within " + timeout + ": " + entries);
                return null;
            }
            if (waited - lastLog >= TimeUnit.SECONDS.toNanos(30)) {
                lastLog = waited;
                log(String.format(Locale.ROOT, "  waiting (%s), %.0f s: %s", what, waited / 1e9, entries));
            }
            Thread.sleep(5_000);
        }
    }

    // ---- the report ------------------------------------------------------------------------------------------

    private String report(KeycloakServer server, int qrUrlLength, Batch warm, Duration warmReap, Batch main, Cpu cpu,
                          Rolling rolling, Moment before, Moment pending, Moment scenesGone, Moment expired, long pendingAuth,
                          long pendingScenes, long authStillThere, Duration scenesReap, Duration authReap) {
        int n = Math.max(1, main.succeeded());
        long whole = pending.heap().liveBytes() - before.heap().liveBytes();
        long extension = pending.heap().liveBytes() - scenesGone.heap().liveBytes();
        long keycloak = scenesGone.heap().liveBytes() - expired.heap().liveBytes();
        long left = expired.heap().liveBytes() - before.heap().liveBytes();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, """
                %,d QR logins that nobody scans, each a fresh browser (own cookie jar) doing the app's authorization \
                request and clicking the WeChat button to the QR page over HTTP (%s), %d threads; Service \
                Account provider in safe mode, the sandbox answering `qrcode/create`. Keycloak: this module's \
                distribution (`--metrics-enabled=true`, `--cache=local`, dev-file database, heap `-Xms64m -Xmx1g`). \
                Heap = live objects after full GCs (`jcmd <pid> GC.class_histogram` total; G1's `used` from \
                `GC.heap_info` beside it). Entries = `%s{cache=...}` from `/metrics`, which counts expired entries \
                until Infinispan's reaper removes them (once a minute).

                """, n, HARNESS_BROWSER ? "`QrLogin.start(new HttpBrowser(), client)`"
                        : "the same requests as `QrLogin.start`, over one shared HTTP/1.1 client with keep-alive",
                THREADS, CacheEntryMetrics.METRIC));

        md.append("## Summary\n\n| | |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| pending QR logins | %,d of %,d (failures: %d%s) |\n", main.succeeded(),
                PENDING, main.failed(), main.skipped() == 0 ? "" : ", not started in time: " + main.skipped()));
        md.append(String.format(Locale.ROOT, "| creation | %.1f s, **%.0f logins/s** (2 HTTP requests to Keycloak and "
                + "one `qrcode/create` each) |\n", main.seconds(), main.perSecond()));
        md.append(String.format(Locale.ROOT, "| CPU while creating | Keycloak %.0f s (%.1f ms per login), load generator "
                + "and sandbox %.0f s; 1-min load average %s → %s on 2 cores |\n", cpu.keycloakSeconds(),
                cpu.keycloakSeconds() * 1000 / n, cpu.clientSeconds(), cpu.startLoadAverage(), cpu.loadAverage()));
        long notes = authNoteBytes(22) + authNoteBytes(qrUrlLength);
        md.append(String.format(Locale.ROOT, "| heap per pending login, whole | **%,d bytes** ((pending − before) / %,d) |\n",
                whole / n, n));
        md.append(String.format(Locale.ROOT, "| this extension: scene entry | **%,d bytes** ((pending − scenes expired) / "
                + "%,d; the `wechat:scan:` entry in `actionTokens`) |\n", extension / n, n));
        md.append(String.format(Locale.ROOT, "| this extension: 2 auth notes | ~%,d bytes (scene id and QR URL of %d "
                + "characters kept in the auth session; computed: per note a `ConcurrentHashMap$Node` 32 B + `String` "
                + "24 B + its bytes) |\n", notes, qrUrlLength));
        md.append(String.format(Locale.ROOT, "| **this extension, total** | **~%,d bytes**; goal < 1 KB: %s |\n",
                extension / n + notes, extension / n + notes < 1024 ? "met" : "NOT met"));
        md.append(String.format(Locale.ROOT, "| Keycloak's auth session | **%,d bytes** ((scenes expired − all expired) / "
                + "%,d; includes the ~%d bytes of auth notes above) |\n", keycloak / n, n, notes));
        md.append(String.format(Locale.ROOT, "| left after everything expired | %s (all expired − before) |\n",
                signedKib(left)));
        md.append(String.format(Locale.ROOT, "| entries per pending login | %s: %.2f, %s: %.2f |\n", AUTH_SESSIONS,
                (double) pendingAuth / n, ACTION_TOKENS, (double) pendingScenes / n));
        md.append(String.format(Locale.ROOT, "| expiry | scene entries gone %s after the last QR page's measurement; "
                + "auth sessions gone %s after that; counts back at their baseline: %s |\n\n",
                seconds(scenesReap), seconds(authReap), scenesReap != null && authReap != null ? "yes" : "NO"));

        md.append("## Heap and entries at each moment\n\n");
        List<Moment> moments = List.of(before, pending, scenesGone, expired);
        Set<String> caches = changedCaches(moments);
        md.append("| moment | live heap | G1 used |");
        caches.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|---|---|---|");
        caches.forEach(c -> md.append("---|"));
        md.append('\n');
        for (Moment m : moments) {
            md.append("| ").append(m.label()).append(" | ").append(mib(m.heap().liveBytes())).append(" | ")
                    .append(mib(m.heap().g1UsedBytes())).append(" |");
            caches.forEach(c -> md.append(' ').append(String.format(Locale.ROOT, "%,d", m.entries().getOrDefault(c, 0L)))
                    .append(" |"));
            md.append('\n');
        }
        md.append("\nEntries per pending login ((pending − before) / ").append(String.format(Locale.ROOT, "%,d", n))
                .append("):");
        for (String c : caches) {
            md.append(String.format(Locale.ROOT, " %s %.3f;", c,
                    (double) (pending.entries().getOrDefault(c, 0L) - before.entries().getOrDefault(c, 0L)) / n));
        }
        md.setLength(md.length() - 1);
        md.append(".\n\n");
        md.append(String.format(Locale.ROOT, "When the scene entries were gone, %,d of the %,d auth sessions were still "
                + "there (so \"scenes expired\" isolates the scene entries).\n\n", authStillThere, n));

        md.append("## What a pending login is made of (class histogram, per pending login)\n\n");
        classTable(md, "This extension: freed when the scene entries expired (pending − scenes expired)",
                pending, scenesGone, n, 10);
        classTable(md, "Keycloak: freed when the auth sessions expired (scenes expired − all expired)",
                scenesGone, expired, n, 12);
        classTable(md, "Whole (pending − before)", pending, before, n, 12);
        leftTable(md, expired, before, 10);

        md.append("## Run\n\n");
        md.append(String.format(Locale.ROOT, "- Warm-up: %,d logins in %.0f s (last 30 s: %.0f/s; QR lifetime 60 s, "
                + "login lifespans 60 s), removed again after %s, before the first measurement.\n", warm.succeeded(),
                warm.seconds(), warm.recentPerSecond(), seconds(warmReap)));
        md.append("- Lifetimes set while creating (so every login is still pending when measured, and all expire "
                + "soon after): ").append(String.join("; ", rolling.changes())).append(". QR pages announced ")
                .append(main.qrLifetimes().size()).append(" different lifetimes, ")
                .append(main.qrLifetimes().isEmpty() ? "-" : ((TreeSet<Integer>) main.qrLifetimes()).first() + "–"
                        + ((TreeSet<Integer>) main.qrLifetimes()).last() + " s").append(".\n");
        md.append(String.format(Locale.ROOT, "- Keycloak %s from `%s`, started in %.0f s; raw histograms in "
                + "`benchmarks/target/pending-qr/`.\n", "26.7.3", server.distDir().map(Path::toString).orElse("?"),
                server.startTime().toMillis() / 1000.0));
        if (!main.errors().isEmpty()) {
            md.append("- First errors: ").append(String.join("; ", main.errors())).append('\n');
        }
        return md.toString();
    }

    private static void classTable(StringBuilder md, String title, Moment later, Moment earlier, int n, int rows) {
        List<JcmdHeap.ClassDelta> deltas = later.heap().minus(earlier.heap());
        long total = later.heap().liveBytes() - earlier.heap().liveBytes();
        md.append("### ").append(title).append("\n\n");
        md.append(String.format(Locale.ROOT, "Total: %,d bytes per login.\n\n", total / n));
        md.append("| class | instances per login | bytes per login |\n|---|---|---|\n");
        long shown = 0;
        for (JcmdHeap.ClassDelta d : deltas.subList(0, Math.min(rows, deltas.size()))) {
            shown += d.bytes();
            md.append(String.format(Locale.ROOT, "| `%s` | %.2f | %,.1f |\n", d.className(),
                    (double) d.instances() / n, (double) d.bytes() / n));
        }
        md.append(String.format(Locale.ROOT, "| (all other classes) | | %,.1f |\n\n", (double) (total - shown) / n));
    }

    /** What "all expired" holds that "before" did not (one-time caches, not sessions, if all went well). */
    private static void leftTable(StringBuilder md, Moment expired, Moment before, int rows) {
        List<JcmdHeap.ClassDelta> deltas = expired.heap().minus(before.heap());
        long total = expired.heap().liveBytes() - before.heap().liveBytes();
        md.append("### Left after everything expired (all expired − before)\n\n");
        md.append(String.format(Locale.ROOT, "Total: %s.\n\n", signedKib(total)));
        md.append("| class | instances | KiB |\n|---|---|---|\n");
        long shown = 0;
        for (JcmdHeap.ClassDelta d : deltas.subList(0, Math.min(rows, deltas.size()))) {
            shown += d.bytes();
            md.append(String.format(Locale.ROOT, "| `%s` | %+,d | %+,.1f |\n", d.className(), d.instances(),
                    d.bytes() / 1024.0));
        }
        md.append(String.format(Locale.ROOT, "| (all other classes) | | %+,.1f |\n\n", (total - shown) / 1024.0));
    }

    /** Caches whose entry count changed at some moment, the two of interest first. */
    private static Set<String> changedCaches(List<Moment> moments) {
        Set<String> caches = new java.util.LinkedHashSet<>(List.of(AUTH_SESSIONS, ACTION_TOKENS));
        Map<String, Long> first = moments.get(0).entries();
        for (Moment m : moments) {
            m.entries().forEach((cache, count) -> {
                if (!count.equals(first.get(cache))) {
                    caches.add(cache);
                }
            });
        }
        return caches;
    }

    /**
     * The heap one more auth note of {@code valueLength} Latin-1 characters holds in the auth session's note map
     * (64-bit JVM with compressed oops, compact strings; the key is a shared constant).
     */
    private static long authNoteBytes(int valueLength) {
        long node = 32;
        long string = 24;
        long bytes = (16 + valueLength + 7) / 8 * 8;
        return node + string + bytes;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String signedKib(long bytes) {
        return String.format(Locale.ROOT, "%+,.0f KiB", bytes / 1024.0);
    }

    private static String seconds(Duration d) {
        return d == null ? "NOT within the time its lifetimes allow" : d.toSeconds() + " s";
    }

    private static void log(String message) {
        System.out.println("[pending-qr] " + message);
    }
}
