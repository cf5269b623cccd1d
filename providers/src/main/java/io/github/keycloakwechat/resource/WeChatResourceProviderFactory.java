package io.github.keycloakwechat.resource;

import io.github.keycloakwechat.scan.ScanWakeup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * {@code /realms/{realm}/wechat}: push endpoint, status polling and QR renewal. One factory per node owns the
 * node-local machinery of long polls: the wake-up registry and a small scheduler for re-checks and time-outs.
 */
public class WeChatResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "wechat";

    /** SPI option {@code --spi-realm-restapi-extension--wechat--local-wakeup}; see {@link ScanWakeup}. */
    static final String LOCAL_WAKEUP = "localWakeup";
    /** SPI option {@code --spi-realm-restapi-extension--wechat--cluster-wakeup}; see {@link ScanWakeup}. */
    static final String CLUSTER_WAKEUP = "clusterWakeup";
    /** SPI option {@code --spi-realm-restapi-extension--wechat--recheck-millis}: the waiting polls' safety net. */
    static final String RECHECK_MILLIS = "recheckMillis";
    private static final long MIN_RECHECK_MILLIS = 100;

    private ScanWakeup wakeup;
    private ScheduledExecutorService scheduler;
    private KeycloakSessionFactory sessionFactory;
    private Duration recheck;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new WeChatResourceProvider(session, new ScanStatusPoller(sessionFactory, wakeup, scheduler, recheck), wakeup);
    }

    @Override
    public void init(Config.Scope config) {
        wakeup = new ScanWakeup(config.getBoolean(LOCAL_WAKEUP, true), config.getBoolean(CLUSTER_WAKEUP, true));
        recheck = Duration.ofMillis(Math.max(MIN_RECHECK_MILLIS,
                config.getLong(RECHECK_MILLIS, ScanStatusPoller.DEFAULT_RECHECK.toMillis())));
        scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "wechat-scan-poll");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(LOCAL_WAKEUP).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(true)
                .helpText("Answer a waiting status poll as soon as a push for its QR commits on the same node. "
                        + "When false, polls notice at their re-check.")
                .add()
                .property().name(CLUSTER_WAKEUP).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(true)
                .helpText("Announce committed pushes to the other cluster nodes (Keycloak cluster events), and answer "
                        + "this node's waiting polls on their announcements. When false, polls waiting on another "
                        + "node than the push notice at their re-check.")
                .add()
                .property().name(RECHECK_MILLIS).type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(ScanStatusPoller.DEFAULT_RECHECK.toMillis()))
                .helpText("Milliseconds between a waiting poll's re-reads of the scan store, the safety net when a "
                        + "wake-up is lost (at least " + MIN_RECHECK_MILLIS + ").")
                .add().build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
        // The cluster provider's caches are ready once the migration ran, as for Keycloak's own cluster listeners.
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory,
                        session -> wakeup.listen(session.getProvider(ClusterProvider.class)));
            }
        });
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
