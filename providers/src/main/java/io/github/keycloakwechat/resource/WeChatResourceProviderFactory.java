package io.github.keycloakwechat.resource;

import io.github.keycloakwechat.scan.ScanWakeup;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
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

    private ScanWakeup wakeup;
    private ScheduledExecutorService scheduler;
    private KeycloakSessionFactory sessionFactory;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new WeChatResourceProvider(session, new ScanStatusPoller(sessionFactory, wakeup, scheduler), wakeup);
    }

    @Override
    public void init(Config.Scope config) {
        wakeup = new ScanWakeup(config.getBoolean(LOCAL_WAKEUP, true));
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
                        + "When false, polls notice within their 1 s re-check, as polls on other nodes always do.")
                .add().build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
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
