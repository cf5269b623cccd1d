package io.github.keycloakwechat.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Keycloak as production runs it, on one machine: PostgreSQL, nodes started from one distribution built with
 * {@link ClusterOptions#BUILD}, each with its own HTTP, management and JGroups ports on 127.0.0.1, and a
 * {@link LoadBalancer} in front whose URL is every node's {@code --hostname}. Node 2 starts after node 1 is
 * ready, and the cluster is ready when node 1 logs a view with every node. Closing stops all of it.
 *
 * <p>{@link Cache#LOCAL} starts the same shape with {@code --cache=local}: nodes that share the database but no
 * caches, the negative control of the clustered tests.
 */
public final class KeycloakCluster implements AutoCloseable {

    public enum Cache { ISPN, LOCAL }

    private static final Pattern CLUSTER_VIEW = Pattern.compile("ISPN000094: .*\\((\\d+)\\)");
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(90);

    private final PostgresServer postgres;
    private final LoadBalancer balancer;
    private final List<KeycloakServer> nodes;
    private final KeycloakServer front;
    private final AdminClient admin;

    private KeycloakCluster(PostgresServer postgres, LoadBalancer balancer, List<KeycloakServer> nodes,
                            KeycloakServer front) {
        this.postgres = postgres;
        this.balancer = balancer;
        this.nodes = nodes;
        this.front = front;
        this.admin = AdminClient.forServer(front);
    }

    /**
     * Starts a cluster of {@code perNodeOptions.size()} nodes; each list holds that node's extra {@code kc.sh start}
     * options (e.g. SPI switches), on top of the ones every node gets.
     */
    public static KeycloakCluster start(String name, Cache cache, List<List<String>> perNodeOptions) {
        Path sourceDist = Path.of(requiredProperty(KeycloakServer.DIST_DIR_PROPERTY)).toAbsolutePath().normalize();
        Path work = sourceDist.getParent().resolve("cluster-" + name);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            KeycloakServer.deleteRecursively(work);
            Path builtDist = buildClusterDistribution(sourceDist);
            PostgresServer postgres = PostgresServer.start(work.resolve("postgres"));
            started.add(postgres);

            int count = perNodeOptions.size();
            int[] ports = FreePorts.find(2 * count);
            List<String> nodeUrls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                nodeUrls.add("http://127.0.0.1:" + ports[2 * i]);
            }
            LoadBalancer balancer = LoadBalancer.start(nodeUrls);
            started.add(balancer);

            Path shared = work.resolve("shared");
            List<Integer> jgroupsPorts = jgroupsPorts(count);
            List<KeycloakServer> nodes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Path nodeDist = work.resolve("node-" + (i + 1));
                KeycloakServer.copyTree(builtDist, nodeDist);
                List<String> storage = new ArrayList<>(ClusterOptions.START);
                storage.addAll(postgres.keycloakOptions());
                storage.add("--hostname=" + balancer.url());
                if (cache == Cache.ISPN) {
                    storage.add("--cache-embedded-network-bind-address=127.0.0.1");
                    storage.add("--cache-embedded-network-bind-port=" + jgroupsPorts.get(i));
                } else {
                    storage.replaceAll(option -> option.startsWith("--cache=") ? "--cache=local" : option);
                    storage.removeIf(option -> option.startsWith("--cache-stack="));
                }
                List<String> extra = new ArrayList<>(List.of("--log-level=INFO,io.github.keycloakwechat:debug"));
                extra.addAll(perNodeOptions.get(i));
                KeycloakServer.Options options = new KeycloakServer.Options(nodeDist, "127.0.0.1", ports[2 * i],
                        ports[2 * i + 1], shared, i == 0, work.resolve("node-" + (i + 1) + ".log"),
                        work.resolve("build.log"), "admin", "admin", "-Xms128m -Xmx768m", Duration.ofSeconds(240),
                        extra, ClusterOptions.BUILD, storage, Map.of());
                KeycloakServer node = KeycloakServer.start(options);
                started.add(node);
                nodes.add(node);
            }
            if (cache == Cache.ISPN) {
                awaitClusterView(nodes.get(0), count);
            }
            KeycloakServer front = KeycloakServer.remote(balancer.url(), null, shared.resolve("vault"));
            return new KeycloakCluster(postgres, balancer, List.copyOf(nodes), front);
        } catch (RuntimeException | IOException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** The cluster as browsers and apps see it: the load balancer's URL, the shared vault, no log. */
    public KeycloakServer front() {
        return front;
    }

    public AdminClient admin() {
        return admin;
    }

    /** Node {@code index} (0-based), reached directly, past the load balancer. */
    public KeycloakServer node(int index) {
        return nodes.get(index);
    }

    public int size() {
        return nodes.size();
    }

    public LoadBalancer balancer() {
        return balancer;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        List<AutoCloseable> all = new ArrayList<>(nodes);
        all.add(balancer);
        all.add(postgres);
        for (AutoCloseable part : all) {
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * A copy of the test distribution built for PostgreSQL, beside it, kept between runs. Its {@code providers/}
     * follows the test distribution's, so a new extension JAR triggers a new build.
     */
    private static Path buildClusterDistribution(Path sourceDist) throws IOException {
        Path dist = sourceDist.getParent().resolve(sourceDist.getFileName() + "-cluster");
        if (!Files.isRegularFile(dist.resolve("bin/kc.sh"))) {
            KeycloakServer.copyTree(sourceDist, dist);
        }
        KeycloakServer.deleteRecursively(dist.resolve("providers"));
        KeycloakServer.copyTree(sourceDist.resolve("providers"), dist.resolve("providers"));
        KeycloakServer.deleteRecursively(dist.resolve("data"));
        KeycloakServer.ensureBuilt(dist, ClusterOptions.BUILD, sourceDist.getParent().resolve("keycloak-cluster-build.log"));
        return dist;
    }

    /**
     * JGroups bind ports; JGroups also listens on port + 50000 for failure detection, so both must be free and the
     * second must exist.
     */
    private static List<Integer> jgroupsPorts(int count) {
        List<Integer> ports = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        for (int port = 7800; port < 15500 && ports.size() < count; port++) {
            if (!taken.contains(port) && !FreePorts.inUse(port) && !FreePorts.inUse(port + 50000)) {
                ports.add(port);
                taken.add(port);
                port += 10;
            }
        }
        if (ports.size() < count) {
            throw new IllegalStateException("no free JGroups ports between 7800 and 15500");
        }
        return ports;
    }

    private static void awaitClusterView(KeycloakServer node, int members) {
        long deadline = System.nanoTime() + VIEW_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (CLUSTER_VIEW.matcher(node.readLog()).results()
                    .anyMatch(view -> Integer.parseInt(view.group(1)) >= members)) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the cluster view", e);
            }
        }
        throw new IllegalStateException("no cluster view of " + members + " nodes (ISPN000094) within "
                + VIEW_TIMEOUT.toSeconds() + " s; log of " + node + ":\n" + node.logTail(60));
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("-D" + name + " is not set; run the tests with Maven");
        }
        return value;
    }
}
