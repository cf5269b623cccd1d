package io.github.keycloakwechat.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.keycloakwechat.it.support.KeycloakCluster;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The negative control of {@link ClusterIT}: the same cross-node scan login against the same shape started with
 * {@code --cache=local}, nodes that share the database but no caches, as a plugin with static maps would behave.
 * It must fail, or the clustered test could not tell a cluster from two strangers.
 */
class LocalCacheNegativeControlIT {

    @Test
    void theCrossNodeLoginFailsWhenTheNodesShareNoCaches() throws Exception {
        try (KeycloakCluster strangers = KeycloakCluster.start("local", KeycloakCluster.Cache.LOCAL,
                List.of(List.of(CrossNodeScan.NO_RECHECK), List.of(CrossNodeScan.NO_RECHECK)));
             WeChatSandbox wechat = WeChatSandbox.start(strangers.front(), strangers.admin())) {
            WeChatRealm realm = wechat.realm("safe");
            // ClusterIT's assertions, expected to fail here.
            AssertionError failed = assertThrows(AssertionError.class, () -> {
                CrossNodeScan.Outcome outcome = CrossNodeScan.run(strangers, wechat, realm, "alice", 0, 1);
                assertEquals("scanned", outcome.polled(), "the poll on node 2 was woken by the push on node 1");
                assertNotNull(outcome.tokens());
            });
            System.out.println("[cluster] --cache=local: the cross-node login failed as it must: " + failed.getMessage());
        }
    }
}
