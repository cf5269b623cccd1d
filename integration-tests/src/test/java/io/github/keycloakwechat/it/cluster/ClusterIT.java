package io.github.keycloakwechat.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.it.support.ForgedPush;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakCluster;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.SandboxClient;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.sandbox.SandboxQrCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cluster claims on a real cluster: two Keycloak nodes on PostgreSQL with Infinispan between them
 * ({@code --cache=ispn}, jdbc-ping), behind a load balancer with sticky sessions. The nodes re-check waiting polls
 * only every 10 minutes, so a poll answered on another node than the push can only have been woken by the cluster
 * event. The last test kills a node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private KeycloakCluster cluster;
    private WeChatSandbox wechat;

    @BeforeAll
    void startCluster() {
        cluster = KeycloakCluster.start("ispn", KeycloakCluster.Cache.ISPN,
                List.of(List.of(CrossNodeScan.NO_RECHECK), List.of(CrossNodeScan.NO_RECHECK)));
        wechat = WeChatSandbox.start(cluster.front(), cluster.admin());
        System.out.printf("[cluster] %d nodes on %s behind %s%n", cluster.size(), cluster.postgres(),
                cluster.front().baseUrl());
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (wechat != null) {
                wechat.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void aPushOnOneNodeCompletesALoginWhosePollWaitsOnTheOther() throws Exception {
        WeChatRealm realm = wechat.realm("safe");
        for (int[] nodes : new int[][] {{0, 1}, {1, 0}}) {
            CrossNodeScan.Outcome outcome = CrossNodeScan.run(cluster, wechat, realm, "alice", nodes[0], nodes[1]);
            assertEquals("scanned", outcome.polled(), "the poll on node " + (nodes[1] + 1)
                    + " was woken by the push on node " + (nodes[0] + 1));
            assertNotNull(outcome.tokens());
            assertEquals(realm.userLinkedTo(wechat.openidOf("alice", realm)).path("id").asText(),
                    outcome.tokens().idTokenClaims().path("sub").asText(), "alice landed on the app");
        }
        assertEquals(1, realm.userCount(), "both logins are one person");
    }

    @Test
    @Order(2)
    void theSamePushOnBothNodesAtOnceSignsInOneBrowserOnce() throws Exception {
        WeChatRealm realm = wechat.realm("safe");
        HttpBrowser browser = new HttpBrowser();
        QrLogin login = QrLogin.start(browser, realm.client());
        String ticket = wechat.sandbox().state().qrCodes().stream()
                .filter(qr -> qr.appId().equals(realm.app().appId()) && qr.scene().equals(login.scene()))
                .map(SandboxQrCode::ticket).findFirst().orElseThrow();
        long now = Instant.now().getEpochSecond();
        String scan = ForgedPush.scanEvent(realm.app(), wechat.openidOf("bob", realm), "SCAN", login.scene(), ticket,
                now);
        String nonce = ForgedPush.nonce();
        List<ForgedPush> nodes = List.of(pushTo(realm, 0), pushTo(realm, 1));

        // WeChat's delivery and its retry, arriving at both nodes in the same instant.
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<ForgedPush.Sent>> sent = new ArrayList<>();
        for (ForgedPush node : nodes) {
            sent.add(pool.submit(() -> {
                together.await();
                return node.genuine(scan, now, nonce);
            }));
        }
        List<ForgedPush.Sent> answers = new ArrayList<>();
        for (Future<ForgedPush.Sent> answer : sent) {
            answers.add(answer.get());
        }
        pool.shutdown();
        answers.add(nodes.get(1).genuine(scan, now, nonce));

        answers.forEach(answer -> assertEquals(200, answer.status(), answer::toString));
        assertEquals(1, answers.stream().filter(answer -> answer.body().startsWith("<xml>")).count(),
                () -> "one delivery acts and replies, the others are acknowledged duplicates: " + answers);
        assertEquals("scanned", login.status(null, 0));

        HttpBrowser.Page first = login.complete();
        assertTrue(first.isRedirect() && realm.client().isCallback(first.location()), first::toString);
        HttpBrowser.Page again = login.complete(new HttpBrowser());
        assertFalse(again.isRedirect() && realm.client().isCallback(again.location()),
                "the scan signs in one browser, once: " + again);
        assertEquals(1, realm.userCount());
    }

    @Test
    @Order(3)
    void fiftyConcurrentQrRequestsOverBothNodesFetchAtMostOneTokenPerNode() throws Exception {
        WeChatRealm realm = wechat.realm("safe"); // a new account: no node holds its access token yet
        int tokensBefore = tokenCalls();
        int[] requestsBefore = {cluster.balancer().requestsTo(0), cluster.balancer().requestsTo(1)};

        ExecutorService pool = Executors.newFixedThreadPool(50);
        CyclicBarrier together = new CyclicBarrier(50);
        List<Callable<String>> browsers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            browsers.add(() -> {
                together.await();
                return QrLogin.start(new HttpBrowser(), realm.client()).qrUrl();
            });
        }
        List<String> codes = new ArrayList<>();
        for (Future<String> code : pool.invokeAll(browsers)) {
            codes.add(code.get());
        }
        pool.shutdown();

        assertEquals(50, codes.stream().distinct().count(), "every browser got its own QR");
        for (int node = 0; node < 2; node++) {
            assertTrue(cluster.balancer().requestsTo(node) > requestsBefore[node],
                    "the load balancer sent browsers to node " + (node + 1));
        }
        int tokens = tokenCalls() - tokensBefore;
        System.out.printf("[measure] cluster: 50 concurrent QR logins over 2 nodes -> %d stable_token calls%n", tokens);
        assertTrue(tokens >= 1 && tokens <= 2, "at most one token call per node, got " + tokens);
    }

    @Test
    @Order(4)
    void aLoginSurvivesTheLossOfTheNodeThatIssuedItsQr() throws Exception {
        WeChatRealm realm = wechat.realm("safe");
        HttpBrowser browser = new HttpBrowser();
        QrLogin login = QrLogin.start(browser, realm.client());
        int issuer = CrossNodeScan.routeOf(browser, cluster);
        int survivor = 1 - issuer;

        cluster.node(issuer).kill();
        CrossNodeScan.pushesGoTo(wechat, realm, cluster.node(survivor));
        SandboxClient.ScanResult scan = wechat.phone().scan("carol", login.qrUrl());
        assertTrue(scan.delivered(), scan.body()::toString);

        assertEquals("scanned", login.status(null, 0), "the survivor knows the scan of a QR the lost node issued");
        assertEquals(survivor, CrossNodeScan.routeOf(browser, cluster), "the browser now goes to the survivor");
        OidcClientFlow.Tokens tokens = login.completeAndExchange();
        assertEquals(realm.userLinkedTo(wechat.openidOf("carol", realm)).path("id").asText(),
                tokens.idTokenClaims().path("sub").asText(), "carol landed on the app");
        System.out.printf("[measure] cluster: node %d killed (-9) after issuing a QR; the login completed on node %d%n",
                issuer + 1, survivor + 1);
    }

    private ForgedPush pushTo(WeChatRealm realm, int node) {
        return new ForgedPush(cluster.node(node).realmUrl(realm.name()) + "/wechat/push/" + WeChatRealm.ALIAS,
                realm.app());
    }

    private int tokenCalls() {
        return wechat.sandbox().state().callCounts().getOrDefault("stable_token", 0);
    }
}
