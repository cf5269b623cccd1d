package io.github.keycloakwechat.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.infinispan.protostream.ProtobufUtil;
import org.infinispan.protostream.SerializationContext;
import org.junit.jupiter.api.Test;
import org.keycloak.cluster.ClusterEvent;
import org.keycloak.cluster.ClusterListener;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;

class ScanWakeupTest {

    @Test
    void aPushRingsTheWaitersOfItsSceneOnly() {
        ScanWakeup wakeup = new ScanWakeup(true, false);
        AtomicInteger rung = new AtomicInteger();
        Runnable a = rung::incrementAndGet;
        Runnable b = () -> rung.addAndGet(100);
        wakeup.register("scene-a", a);
        wakeup.register("scene-b", b);
        assertEquals(2, wakeup.waiting());
        assertEquals(1, wakeup.waiting("scene-a"));
        wakeup.announce(null, "scene-a");
        assertEquals(1, rung.get());
        wakeup.unregister("scene-a", a);
        wakeup.unregister("scene-a", a);
        assertEquals(1, wakeup.waiting());
        assertEquals(0, wakeup.waiting("scene-a"));
    }

    @Test
    void withLocalOffNobodyOnThisNodeIsRung() {
        ScanWakeup wakeup = new ScanWakeup(false, false);
        AtomicInteger rung = new AtomicInteger();
        wakeup.register("scene", rung::incrementAndGet);
        wakeup.announce(null, "scene");
        assertEquals(0, rung.get());
    }

    @Test
    void aPushOnOneNodeRingsTheWaitersOfAnotherThroughAClusterEvent() {
        FakeCluster cluster = new FakeCluster();
        ScanWakeup nodeA = new ScanWakeup(true, true);
        ScanWakeup nodeB = new ScanWakeup(true, true);
        nodeB.listen(cluster.node());
        AtomicInteger rungOnB = new AtomicInteger();
        nodeB.register("scene", rungOnB::incrementAndGet);
        nodeB.register("other", () -> rungOnB.addAndGet(100));

        nodeA.announce(cluster.sessionOf(cluster.node()), "scene");

        assertEquals(1, rungOnB.get());
        assertEquals(List.of(new ScanWakeupEvent("scene")), cluster.sent);
    }

    @Test
    void aNodeWithTheClusterPathOffNeitherAnnouncesNorListens() {
        FakeCluster cluster = new FakeCluster();
        ScanWakeup deaf = new ScanWakeup(true, false);
        deaf.listen(cluster.node());
        AtomicInteger rung = new AtomicInteger();
        deaf.register("scene", rung::incrementAndGet);

        new ScanWakeup(true, true).announce(cluster.sessionOf(cluster.node()), "scene");
        deaf.announce(cluster.sessionOf(cluster.node()), "elsewhere");

        assertEquals(0, rung.get());
        assertEquals(1, cluster.sent.size());
    }

    @Test
    void theEventSurvivesInfinispansMarshalling() throws Exception {
        SerializationContext context = ProtobufUtil.newSerializationContext();
        new ScanWakeupEventSchema().register(context);
        ScanWakeupEvent event = new ScanWakeupEvent("wxs-9f2b7c");

        byte[] wire = ProtobufUtil.toWrappedByteArray(context, event);

        assertEquals(event, ProtobufUtil.fromWrappedByteArray(context, wire));
    }

    /** Keycloak's cluster events between nodes, reduced to what the doorbell uses: deliver to every listener. */
    private static final class FakeCluster {
        final List<ClusterEvent> sent = new ArrayList<>();
        final List<ClusterListener> listeners = new ArrayList<>();

        ClusterProvider node() {
            return (ClusterProvider) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ClusterProvider.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "registerListener" -> listeners.add((ClusterListener) args[1]);
                            case "notify" -> {
                                ClusterEvent event = (ClusterEvent) args[1];
                                sent.add(event);
                                listeners.forEach(listener -> listener.eventReceived(event));
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                        return null;
                    });
        }

        KeycloakSession sessionOf(ClusterProvider provider) {
            return (KeycloakSession) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {KeycloakSession.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getProvider") && args.length == 1
                                && args[0] == ClusterProvider.class) {
                            return provider;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
