package io.github.keycloakwechat.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakCluster;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.LoadBalancer;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.SandboxClient;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A scan login whose push and status poll land on different nodes: the browser starts through the load balancer,
 * WeChat's push reaches one node, and the page's long poll waits on another. Used by the clustered test and by its
 * negative control, which runs it against nodes that share no caches.
 */
final class CrossNodeScan {

    /** Long enough that, with the nodes' re-check set longer still, only a wake-up can answer "scanned". */
    static final int POLL_WAIT_SECONDS = 20;
    /** The re-check the clustered nodes run with: longer than any poll, so it never answers one. */
    static final String NO_RECHECK = "--spi-realm-restapi-extension--wechat--recheck-millis=600000";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CrossNodeScan() {
    }

    /** The result: the status the waiting poll answered, and the tokens the app got (null if the poll missed it). */
    record Outcome(String polled, OidcClientFlow.Tokens tokens) {
    }

    /**
     * Runs the login as {@code user}: QR through the load balancer, push to node {@code pushNode}, poll waiting on
     * node {@code pollNode}, completion through the load balancer.
     */
    static Outcome run(KeycloakCluster cluster, WeChatSandbox wechat, WeChatRealm realm, String user, int pushNode,
                       int pollNode) throws Exception {
        HttpBrowser browser = new HttpBrowser();
        QrLogin login = QrLogin.start(browser, realm.client());
        assertEquals("pending", login.status(null, 0));
        pushesGoTo(wechat, realm, cluster.node(pushNode));

        CompletableFuture<String> poll = CompletableFuture.supplyAsync(
                () -> pollOn(cluster.node(pollNode), realm, login.scene(), POLL_WAIT_SECONDS));
        // The poll is waiting before the scan (its first read is immediate), so only a wake-up can answer it.
        Thread.sleep(1500);
        assertFalse(poll.isDone(), "the poll on node " + (pollNode + 1) + " waits for a change");
        SandboxClient.ScanResult scan = wechat.phone().scan(user, login.qrUrl());
        assertTrue(scan.delivered(), () -> "node " + (pushNode + 1) + " accepted the push: " + scan.body());
        String polled = poll.get();
        if (!"scanned".equals(polled)) {
            return new Outcome(polled, null);
        }
        return new Outcome(polled, login.completeAndExchange());
    }

    /** Points the sandbox account's server URL (服务器配置) at one node, past the load balancer. */
    static void pushesGoTo(WeChatSandbox wechat, WeChatRealm realm, KeycloakServer node) {
        wechat.sandbox().state().putApp(wechat.sandbox().state().app(realm.app().appId()).orElseThrow()
                .withCallbackUrl(node.realmUrl(realm.name()) + "/wechat/push/" + WeChatRealm.ALIAS));
    }

    /** The page's status poll, sent straight to one node. */
    static String pollOn(KeycloakServer node, WeChatRealm realm, String scene, int waitSeconds) {
        URI uri = URI.create(node.realmUrl(realm.name()) + "/wechat/scan/" + scene + "?known=pending&wait="
                + waitSeconds);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(waitSeconds + 15)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), () -> uri + " answered " + response.body());
            JsonNode json = JSON.readTree(response.body());
            return json.path("status").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Which node (0-based) the load balancer pinned this browser to. */
    static int routeOf(HttpBrowser browser, KeycloakCluster cluster) {
        String route = browser.cookie(cluster.front().baseUrl() + "/", LoadBalancer.ROUTE_COOKIE)
                .orElseThrow(() -> new AssertionError("the load balancer set no route cookie"));
        for (int i = 0; i < cluster.size(); i++) {
            if (LoadBalancer.routeCookieFor(i).equals(route)) {
                return i;
            }
        }
        throw new AssertionError("unknown route " + route);
    }
}
