package io.github.keycloakwechat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.SandboxClient;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.mp.WeChatMpSetting;
import io.github.keycloakwechat.sandbox.SandboxUser;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * Logins per second through Keycloak, over HTTP without a browser, each one from the app's authorization request to
 * the tokens:
 * <ul>
 *   <li><b>scan</b>: the login page, the WeChat button, the QR page (Keycloak asks the sandbox for a QR ticket), the
 *       phone's scan (the sandbox pushes {@code SCAN} to Keycloak), the status poll, the broker endpoint (Keycloak
 *       asks the sandbox for the unionid), the code and the token;</li>
 *   <li><b>in WeChat</b>: the same app opened in WeChat's browser: the WeChat button leads to web OAuth
 *       ({@code snsapi_base}) at the sandbox, whose consent comes back to the broker endpoint with a code (Keycloak
 *       redeems it at the sandbox), then the code and the token;</li>
 *   <li><b>password</b> (baseline): Keycloak's own login form in the same realm, with the realm's password hashing.</li>
 * </ul>
 * A closed loop ({@link LoadRun}) per flow and concurrency; each worker is one person (its own sandbox user or
 * password user, its own cookie jar, cleared before every login). First a warm-up of every flow at concurrency 8 (JIT;
 * the first logins of new people, which create their Keycloak users, fall into it), then per concurrency a short
 * warm-up and alternating slices of the three flows. Every login must end in tokens; timings are not assertions.
 * JFR records Keycloak throughout; the profile reported is that of the scan-login slices at concurrency 8.
 */
class LoginThroughputBenchmark {

    private static final int[] CONCURRENCY = LoadRun.concurrencyLevels();
    private static final Duration SLICE = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    /** Every flow at {@link #WARM_UP_CONCURRENCY} before anything is measured (JIT, first logins). */
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup.seconds", 20));
    private static final int WARM_UP_CONCURRENCY = 8;
    private static final Duration CONCURRENCY_WARM_UP = Duration.ofSeconds(Long.getLong("bench.cwarmup.seconds", 5));
    private static final int JFR_CONCURRENCY = 8;
    private static final String PASSWORD = "bench-" + UUID.randomUUID();

    private interface Flow {
        String name();

        LoadRun.Operation worker(int index);
    }

    @Test
    void scanInWeChatAndPasswordLogins() throws Exception {
        try (KeycloakServer server = BenchKeycloak.start("login-throughput", List.of());
             WeChatSandbox wechat = WeChatSandbox.start(server, AdminClient.forServer(server))) {
            AdminClient admin = wechat.admin();
            // All the benchmark's people share 127.0.0.1, so the per-address bound on new QR codes is off.
            WeChatRealm realm = wechat.realm("safe", Map.of(WeChatMpSetting.QR_CODES_PER_MINUTE.key(), "0"));
            int people = Math.max(Math.max(JFR_CONCURRENCY, WARM_UP_CONCURRENCY), Arrays.stream(CONCURRENCY).max().orElse(1));
            List<String> passwordUserIds = new ArrayList<>();
            for (int i = 0; i < people; i++) {
                wechat.sandbox().state().putUser(new SandboxUser(weChatUser(i), "Bench " + i, null));
                passwordUserIds.add(admin.createUserWithPassword(realm.name(), passwordUser(i), PASSWORD));
            }
            String hashing = passwordHashing(admin, realm.name(), passwordUserIds.get(0));
            System.out.println("[measure] password hashing: " + hashing);
            long pid = server.jvmPid();

            List<Flow> flows = List.of(scanFlow(wechat, realm), inWeChatFlow(realm), passwordFlow(realm));
            Map<String, List<LoadRun.Result>> results = new LinkedHashMap<>();
            long warmUpErrors = 0;
            // JFR from before the warm-up (its start-up recompiles much of the server), read for the scan logins
            // at one concurrency.
            int jfrConcurrency = Arrays.stream(CONCURRENCY).anyMatch(c -> c == JFR_CONCURRENCY) ? JFR_CONCURRENCY : CONCURRENCY[0];
            Path jfr = Path.of(System.getProperty("it.build.dir", "target"), "jfr", "login-throughput.jfr");
            List<JfrProfile.Window> scanWindows = new ArrayList<>();
            try (JfrProfile.Recording recording = JfrProfile.start(pid, jfr)) {
                // JIT warm-up of every flow before anything is measured (the first logins of people 0..7, which
                // create their Keycloak users, fall into it); then a short warm-up at each concurrency (new people).
                for (Flow flow : flows) {
                    warmUpErrors += run(flow, WARM_UP_CONCURRENCY, WARM_UP, pid, "warm-up ").errors();
                }
                for (int c : CONCURRENCY) {
                    for (Flow flow : flows) {
                        warmUpErrors += run(flow, c, CONCURRENCY_WARM_UP, pid, "warm-up ").errors();
                    }
                    for (int round = 0; round < ROUNDS; round++) {
                        for (Flow flow : flows) {
                            Instant from = Instant.now();
                            results.computeIfAbsent(flow.name() + "@" + c, k -> new ArrayList<>()).add(run(flow, c, SLICE, pid, ""));
                            if (flow == flows.get(0) && c == jfrConcurrency) {
                                scanWindows.add(new JfrProfile.Window(from, Instant.now()));
                            }
                        }
                    }
                }
            }
            JfrProfile.Analysis analysis = JfrProfile.analyze(jfr, scanWindows);
            LoadRun.Result profiled = LoadRun.Result.merge(results.get(flows.get(0).name() + "@" + jfrConcurrency));
            System.out.println("[jfr] scan login\n" + analysis.toMarkdown(10));

            StringBuilder md = new StringBuilder();
            md.append("Closed loop over HTTP (no browser; jsoup reads the pages), each worker one person with its own ")
                    .append("cookie jar. A warm-up of every flow (").append(WARM_UP.toSeconds()).append(" s each at concurrency ")
                    .append(WARM_UP_CONCURRENCY).append("), then per concurrency a short warm-up (")
                    .append(CONCURRENCY_WARM_UP.toSeconds()).append(" s per flow) and ").append(ROUNDS)
                    .append(" alternating slices of ").append(SLICE.toSeconds()).append(" s per flow. A login is ")
                    .append("everything from the app's authorization request to the token response; every login ")
                    .append("was checked to end in tokens (ID token with the request's nonce). Keycloak CPU: the server ")
                    .append("JVM's user+system time over the slices, per login; test JVM CPU: the load generator and the ")
                    .append("WeChat sandbox (same machine).\n\n")
                    .append("Password hashing of the baseline: ").append(hashing).append("\n\n")
                    .append("| concurrency | login | logins | logins/s | p50 ms | p99 ms | Keycloak CPU ms / login "
                            + "| Keycloak cores busy | test JVM CPU ms / login |\n")
                    .append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int c : CONCURRENCY) {
                for (Flow flow : flows) {
                    LoadRun.Result r = LoadRun.Result.merge(results.get(flow.name() + "@" + c));
                    assertEquals(0, r.errors(), () -> flow.name() + " logins without tokens at c=" + c + ": " + r.firstErrors());
                    md.append(String.format(Locale.ROOT, "| %d | %s | %d | %.1f | %.0f | %.0f | %.1f | %.2f | %.1f |%n",
                            c, flow.name(), r.operations(), r.perSecond(), r.percentileMillis(0.50),
                            r.percentileMillis(0.99), r.serverCpuMillisPerOp(), r.serverCores(), r.clientCpuMillisPerOp()));
                }
            }
            assertEquals(0, warmUpErrors, "logins without tokens during the warm-ups");
            md.append(String.format(Locale.ROOT, "%n## Where the server's CPU goes during scan logins%n%n"
                            + "JFR (`settings=profile`) of the Keycloak JVM, recording from before the warm-up to the "
                            + "end (so its overhead is in every number above); read here: the samples taken during the "
                            + "scan-login slices at concurrency %d (%d × %d s, %.1f logins/s, %.1f ms Keycloak CPU per "
                            + "login; `target/jfr/%s`).%n%n", jfrConcurrency, ROUNDS, SLICE.toSeconds(),
                    profiled.perSecond(), profiled.serverCpuMillisPerOp(), jfr.getFileName()));
            md.append(analysis.toMarkdown(8));
            ResultsFile.write("LoginThroughputBenchmark", "Login throughput: scan, in WeChat, password", md.toString());
        }
    }

    private static LoadRun.Result run(Flow flow, int concurrency, Duration duration, long pid, String prefix) {
        return LoadRun.run(prefix + flow.name(), concurrency, duration, pid, flow::worker);
    }

    private static String weChatUser(int i) {
        return String.format(Locale.ROOT, "bench%02d", i);
    }

    private static String passwordUser(int i) {
        return String.format(Locale.ROOT, "password-user-%02d", i);
    }

    /** (a) QR login: QR page, scan through the sandbox, poll, broker endpoint, code, token. */
    private static Flow scanFlow(WeChatSandbox wechat, WeChatRealm realm) {
        return new Flow() {
            @Override
            public String name() {
                return "scan";
            }

            @Override
            public LoadRun.Operation worker(int index) {
                HttpBrowser browser = new HttpBrowser();
                OidcClientFlow app = realm.client();
                SandboxClient phone = new SandboxClient(wechat.sandbox().baseUrl());
                String user = weChatUser(index);
                return () -> {
                    browser.clearCookies();
                    QrLogin login = QrLogin.start(browser, app);
                    SandboxClient.ScanResult scan = phone.scan(user, login.qrUrl());
                    if (!scan.delivered()) {
                        throw new AssertionError("the sandbox could not deliver the scan: " + scan.body());
                    }
                    String status = "pending";
                    for (int poll = 0; poll < 3 && "pending".equals(status); poll++) {
                        status = login.status("pending", 25);
                    }
                    if (!"scanned".equals(status)) {
                        throw new AssertionError("the QR page saw " + status + " after the scan");
                    }
                    requireTokens(login.completeAndExchange());
                };
            }
        };
    }

    /** (b) Inside WeChat's browser: web OAuth (snsapi_base) through the sandbox, code, token. */
    private static Flow inWeChatFlow(WeChatRealm realm) {
        return new Flow() {
            @Override
            public String name() {
                return "in WeChat (web OAuth)";
            }

            @Override
            public LoadRun.Operation worker(int index) {
                HttpBrowser weChat = new HttpBrowser().userAgent(HttpBrowser.WECHAT_USER_AGENT);
                OidcClientFlow app = realm.client();
                String user = weChatUser(index);
                return () -> {
                    weChat.clearCookies();
                    OidcClientFlow.AuthorizationRequest request = app.newAuthorizationRequest();
                    HttpBrowser.Page login = weChat.followRedirects(weChat.get(request.uri()));
                    Element button = login.html().selectFirst("a#social-" + WeChatRealm.ALIAS);
                    if (button == null) {
                        throw new AssertionError("no WeChat button on " + login);
                    }
                    HttpBrowser.Page toWeChat = weChat.get(login.uri().resolve(button.attr("href")));
                    String location = toWeChat.header("Location")
                            .orElseThrow(() -> new AssertionError("no redirect to WeChat: " + toWeChat));
                    int fragment = location.indexOf('#');
                    HttpBrowser.Page consent = weChat.get(URI.create(fragment < 0 ? location : location.substring(0, fragment)));
                    HttpBrowser.Page back = weChat.submit(consent.form("form"), Map.of("user", user, "action", "allow"));
                    HttpBrowser.Page atApp = weChat.followRedirects(back, app::isCallback);
                    if (!atApp.isRedirect() || !app.isCallback(atApp.location())) {
                        throw new AssertionError("the login did not reach the app: " + atApp);
                    }
                    requireTokens(app.finish(request, atApp.location()));
                };
            }
        };
    }

    /** (c) Keycloak's own username and password form. */
    private static Flow passwordFlow(WeChatRealm realm) {
        return new Flow() {
            @Override
            public String name() {
                return "password (baseline)";
            }

            @Override
            public LoadRun.Operation worker(int index) {
                HttpBrowser browser = new HttpBrowser();
                OidcClientFlow app = realm.client();
                String user = passwordUser(index);
                return () -> {
                    browser.clearCookies();
                    OidcClientFlow.AuthorizationRequest request = app.newAuthorizationRequest();
                    HttpBrowser.Page login = browser.followRedirects(browser.get(request.uri()));
                    HttpBrowser.Page callback = browser.followRedirects(
                            browser.submit(login.form("#kc-form-login"), Map.of("username", user, "password", PASSWORD)),
                            app::isCallback);
                    if (!callback.isRedirect() || !app.isCallback(callback.location())) {
                        throw new AssertionError("the login did not reach the app: " + callback);
                    }
                    requireTokens(app.finish(request, callback.location()));
                };
            }
        };
    }

    private static void requireTokens(OidcClientFlow.Tokens tokens) {
        if (tokens.accessToken() == null || tokens.idToken() == null || tokens.idTokenClaims().path("sub").asText("").isEmpty()) {
            throw new AssertionError("no tokens: " + tokens.response());
        }
    }

    /** The realm's password policy as the admin API shows it, and how the password user's hash was made. */
    private static String passwordHashing(AdminClient admin, String realm, String userId) throws Exception {
        JsonNode representation = admin.get("/" + realm).expect(200).body();
        String policy = representation.path("passwordPolicy").asText("");
        JsonNode credentials = admin.get("/" + realm + "/users/" + userId + "/credentials").expect(200).body();
        String stored = "(no password credential)";
        for (JsonNode credential : credentials) {
            if ("password".equals(credential.path("type").asText())) {
                JsonNode data = admin.mapper().readTree(credential.path("credentialData").asText("{}"));
                stored = "`" + data.path("algorithm").asText("?") + "`, " + data.path("hashIterations").asText("?")
                        + " iterations, parameters " + compact(data.path("additionalParameters"));
            }
        }
        return "the realm's `passwordPolicy` is " + (policy.isBlank() ? "not set (Keycloak's default applies)" : "`" + policy + "`")
                + "; the stored password credential says: " + stored + ".";
    }

    /** {@code {"memory":["7168"]}} as {@code memory=7168}. */
    private static String compact(JsonNode parameters) {
        List<String> parts = new ArrayList<>();
        parameters.fields().forEachRemaining(e -> {
            JsonNode value = e.getValue();
            String text = value.isArray() && value.size() == 1 ? value.get(0).asText() : value.toString();
            parts.add(e.getKey() + "=" + text);
        });
        parts.sort(String::compareTo);
        return parts.isEmpty() ? "(none)" : "`" + String.join(", ", parts) + "`";
    }
}
