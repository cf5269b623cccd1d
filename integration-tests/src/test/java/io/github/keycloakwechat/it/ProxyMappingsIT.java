package io.github.keycloakwechat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.CountingForwardProxy;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.SandboxClient;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.mp.WeChatMpSetting;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Keycloak's outbound proxy settings apply to every WeChat call: with
 * {@code --spi-connections-http-client--default--proxy-mappings}, a scan login's {@code stable_token},
 * {@code qrcode/create} and {@code user/info} calls go through the mapped proxy.
 *
 * <p>The proof is unambiguous: the provider's API base URL names the sandbox by a host in {@code .proxy.test}, a
 * reserved name that no DNS resolves; only {@link CountingForwardProxy} knows to send it to 127.0.0.1. A login
 * that completes therefore went through the proxy, and the proxy's counts say which calls did.
 *
 * <p>This class starts its own Keycloak (the proxy mapping is a start option), beside the shared server of the
 * test run: its own ports, database, vault and log under {@code target/}, stopped in {@link #stop()}. It does so
 * from the unpacked distribution even when the run targets a remote server ({@code -Dkeycloak.url}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyMappingsIT {

    private static final String FAKE_DOMAIN = ".proxy.test";
    private static final String FAKE_API_HOST = "wechat-api" + FAKE_DOMAIN;
    /**
     * Matches {@code *.proxy.test}. {@code [.]} rather than {@code \.}: no backslash to lose, since Keycloak reads the
     * option as a list through SmallRye Config, which treats a backslash as an escape (for {@code \,}).
     */
    private static final String FAKE_HOST_PATTERN = ".*[.]proxy[.]test";
    private static final String DEFAULT_APP_ID = "wxsandbox0000001"; // SandboxConfig.defaults()
    private static final String DEFAULT_APP_SECRET = "sandbox-secret-0001";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CountingForwardProxy proxy;
    private static KeycloakServer server;
    private static AdminClient admin;
    private static WeChatSandbox wechat;

    @BeforeAll
    static void start() {
        String dist = System.getProperty(KeycloakServer.DIST_DIR_PROPERTY, "");
        if (dist.isBlank()) {
            fail("-D" + KeycloakServer.DIST_DIR_PROPERTY + " is not set; this test starts its own Keycloak from the"
                    + " distribution (run it with Maven: mvn -pl integration-tests verify -Dit.test=ProxyMappingsIT)");
        }
        proxy = CountingForwardProxy.start(FAKE_DOMAIN);

        KeycloakServer.Options shared = KeycloakServer.Options.forTests(Path.of(dist));
        List<String> startOptions = new ArrayList<>(shared.extraStartOptions());
        startOptions.add("--spi-connections-http-client--default--proxy-mappings=" + FAKE_HOST_PATTERN + ";"
                + proxy.url());
        // forTests() picks fresh free ports; only the data (H2 database and vault) and the log must not be the
        // shared server's: freshData would wipe its database, and its log assertions would see this server.
        KeycloakServer.Options options = shared
                .withDataDirAndLog(shared.dataDir().resolveSibling("keycloak-proxy-mappings-it-data"),
                        shared.logFile().resolveSibling("keycloak-proxy-mappings-server.log"))
                .withExtraStartOptions(startOptions);
        server = KeycloakServer.start(options);
        System.out.printf("%s ready for %s (start %d s), proxy %s, log %s%n", server, ProxyMappingsIT.class.getSimpleName(),
                server.startTime().toSeconds(), proxy.url(), server.logFile());
        admin = AdminClient.forServer(server);
        wechat = WeChatSandbox.start(server, admin);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (wechat != null) {
                wechat.close(); // deletes the realm through this server, so before it stops
            }
        } finally {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                if (proxy != null) {
                    proxy.close();
                }
            }
        }
    }

    /** The instrument first: the proxy forwards to the fake host, GET and POST (sized and chunked), and counts. */
    @Test
    @Order(1)
    void theProxyIsTheOnlyWayToTheFakeHostAndCountsWhatPasses() throws Exception {
        String fakeBase = fakeApiBaseUrl();
        assertThrows(UnknownHostException.class, () -> InetAddress.getByName(FAKE_API_HOST),
                FAKE_API_HOST + " must not resolve on this machine (Keycloak runs here too), or the login test"
                        + " proves nothing");

        HttpClient viaProxy = HttpClient.newBuilder().proxy(ProxySelector.of(proxy.address()))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        proxy.reset();
        wechat.sandbox().state().resetCounters();

        // POST with Content-Length: the body (AppID and AppSecret) must arrive for a token to come back.
        JsonNode token = send(viaProxy, HttpRequest.newBuilder(URI.create(fakeBase + "/cgi-bin/stable_token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "grant_type", "client_credential", "appid", DEFAULT_APP_ID, "secret", DEFAULT_APP_SECRET)))));
        String accessToken = token.path("access_token").asText("");
        assertFalse(accessToken.isEmpty(), token::toString);

        // POST with chunked encoding (a body of unknown length).
        byte[] qrBody = JSON.writeValueAsBytes(Map.of("expire_seconds", 120, "action_name", "QR_STR_SCENE",
                "action_info", Map.of("scene", Map.of("scene_str", "proxy-self-check"))));
        JsonNode qr = send(viaProxy, HttpRequest.newBuilder(URI.create(fakeBase + "/cgi-bin/qrcode/create?access_token="
                        + enc(accessToken)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(qrBody))));
        assertFalse(qr.path("ticket").asText("").isEmpty(), qr::toString);

        // GET with a query.
        String openid = wechat.sandbox().state().openidOf("alice", DEFAULT_APP_ID);
        JsonNode info = send(viaProxy, HttpRequest.newBuilder(URI.create(fakeBase + "/cgi-bin/user/info?access_token="
                + enc(accessToken) + "&openid=" + enc(openid) + "&lang=zh_CN")).GET());
        assertEquals(openid, info.path("openid").asText(), info::toString);
        assertEquals(wechat.sandbox().state().unionidOf("alice"), info.path("unionid").asText(), info::toString);

        assertEquals(Map.of("/cgi-bin/stable_token", 1, "/cgi-bin/qrcode/create", 1, "/cgi-bin/user/info", 1),
                proxy.counts());
        assertTrue(proxy.forwarded().stream().allMatch(f -> f.host().equals(FAKE_API_HOST) && f.status() == 200),
                () -> proxy.forwarded().toString());
        List<CountingForwardProxy.Forwarded> forwarded = proxy.forwarded();
        assertEquals(List.of("length", "chunked"), forwarded.subList(0, 2).stream()
                        .map(CountingForwardProxy.Forwarded::bodyFraming).toList(),
                () -> "the POSTs came with Content-Length, then chunked: " + forwarded);
        assertEquals(List.of(qrBody.length, 0), forwarded.subList(1, 3).stream()
                .map(CountingForwardProxy.Forwarded::bodyBytes).toList(), forwarded::toString);
        assertEquals(Map.of("stable_token", 1, "qrcode/create", 1, "user/info", 1),
                wechat.sandbox().state().callCounts(), "the sandbox answered each forwarded call once");

        // https would need CONNECT, which this proxy refuses rather than mishandles.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("CONNECT " + FAKE_API_HOST + ":443 HTTP/1.1\r\nHost: " + FAKE_API_HOST + ":443\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            assertEquals("HTTP/1.1 501", answer);
        }
    }

    /**
     * The control: the option is in effect for Keycloak's own outbound client. Importing an OIDC provider's
     * discovery document from a {@code .proxy.test} URL (this server's own, under the fake name) goes through the
     * proxy. If this passes and the login below fails, the extension's transport is what ignores the mapping.
     */
    @Test
    @Order(2)
    void keycloaksOwnOutboundClientUsesTheProxyMapping() {
        String discovery = "http://keycloak" + FAKE_DOMAIN + ":" + URI.create(server.baseUrl()).getPort()
                + "/realms/master/.well-known/openid-configuration";
        proxy.reset();
        AdminClient.JsonResponse imported = admin.post("/master/identity-provider/import-config",
                Map.of("providerId", "oidc", "fromUrl", discovery)).expect(200);
        assertTrue(imported.body().path("tokenUrl").asText("").endsWith("/realms/master/protocol/openid-connect/token"),
                imported.body()::toString);
        assertEquals(1, proxy.count("/realms/master/.well-known/openid-configuration"), () -> proxy.forwarded().toString());
    }

    @Test
    @Order(3)
    void aScanLoginCallsWeChatOnlyThroughKeycloaksProxyMappings() {
        String apiBaseUrl = fakeApiBaseUrl();
        WeChatRealm realm = wechat.realm("safe", Map.of(WeChatMpSetting.API_BASE_URL.key(), apiBaseUrl));
        OidcClientFlow app = realm.client();
        String openid = wechat.openidOf("alice", realm);
        proxy.reset();
        wechat.sandbox().state().resetCounters();
        int logMark = server.logMark();

        QrLogin login = QrLogin.start(new HttpBrowser(), app);
        assertEquals(200, login.page().status(), () -> "Keycloak could not get a QR code from WeChat at " + apiBaseUrl
                + ", which is reachable only through the proxy " + proxy.url() + " of --spi-connections-http-client"
                + "--default--proxy-mappings. The proxy saw " + proxy.counts() + ", the sandbox " + callCounts()
                + ". " + login.page() + "\nKeycloak's log about WeChat since the login began:\n"
                + weChatLogSince(logMark));
        SandboxClient.ScanResult scan = wechat.phone().scan("alice", login.qrUrl());
        assertTrue(scan.delivered(), scan.body()::toString);
        assertEquals("scanned", login.status("pending", 25));
        OidcClientFlow.Tokens tokens = login.completeAndExchange();

        JsonNode user = realm.userLinkedTo(openid);
        assertNotNull(user, "the login created a user linked to alice's openid");
        assertEquals(tokens.idTokenClaims().path("sub").asText(), user.path("id").asText());
        assertEquals(List.of(wechat.sandbox().state().unionidOf("alice")),
                JSON.convertValue(user.path("attributes").path("wechat_unionid"), List.class),
                () -> "the unionid from user/info is stored, so that call succeeded too; Keycloak's log:\n"
                        + weChatLogSince(logMark));

        Map<String, Integer> proxied = proxy.counts();
        System.out.println("[measure] WeChat calls through the proxy during one scan login: " + proxied
                + "; the sandbox counted " + callCounts());
        for (String api : List.of("stable_token", "qrcode/create", "user/info")) {
            assertTrue(proxy.count("/cgi-bin/" + api) >= 1, () -> api + " did not go through the proxy: " + proxied);
            assertEquals(wechat.sandbox().state().calls(api), proxy.count("/cgi-bin/" + api),
                    () -> "every " + api + " call the sandbox answered came through the proxy: proxy " + proxied
                            + ", sandbox " + callCounts());
        }
        assertTrue(proxy.forwarded().stream().allMatch(f -> f.host().equals(FAKE_API_HOST)),
                () -> "the proxy forwarded only calls to the API base URL's host: " + proxy.forwarded());
        assertEquals(callCounts().values().stream().mapToInt(Integer::intValue).sum(), proxy.forwarded().size(),
                () -> "no WeChat call bypassed the proxy or was counted twice: proxy " + proxy.forwarded()
                        + ", sandbox " + callCounts());
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The sandbox under a name only the proxy resolves, e.g. {@code http://wechat-api.proxy.test:41234}. */
    private static String fakeApiBaseUrl() {
        return "http://" + FAKE_API_HOST + ":" + URI.create(wechat.sandbox().baseUrl()).getPort();
    }

    private static Map<String, Integer> callCounts() {
        return wechat.sandbox().state().callCounts();
    }

    private static String weChatLogSince(int mark) {
        String lines = server.logSince(mark).lines()
                .filter(line -> line.contains("keycloakwechat") || line.contains("WeChat") || line.contains("wechat"))
                .limit(40)
                .collect(Collectors.joining("\n"));
        return lines.isEmpty() ? "(nothing)" : lines;
    }

    private static JsonNode send(HttpClient http, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        return JSON.readTree(response.body());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
