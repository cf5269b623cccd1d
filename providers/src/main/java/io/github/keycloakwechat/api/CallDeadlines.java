package io.github.keycloakwechat.api;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Aborts a WeChat call that outlives its deadline. The HTTP client's own timeouts bound each connect and each read,
 * not the whole call, so an answer trickling in byte by byte would hold a login for longer than anyone waits; the
 * deadline covers connect, headers and body alike. One per node, owned by a provider factory, which closes it.
 */
public final class CallDeadlines implements AutoCloseable {

    private final Duration timeout;
    private final ScheduledThreadPoolExecutor timer;

    public CallDeadlines(Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = timeout.compareTo(WeChatHttp.MAX_TIMEOUT) > 0 ? WeChatHttp.MAX_TIMEOUT : timeout;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "wechat-http-deadline");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    public Duration timeout() {
        return timeout;
    }

    ScheduledFuture<?> arm(Runnable abort) {
        return timer.schedule(abort, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
