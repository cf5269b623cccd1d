package io.github.keycloakwechat.qr;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A bound on new login QR codes per client address, on this node: each address (per provider) has a bucket of
 * {@code perMinute} codes that refills continuously. A person refreshing a page reuses the code they have (see
 * {@link QrLoginService#issueOrReuse}) and never comes near it; a script that asks for codes in a loop, spending
 * the account's daily quota of {@code qrcode/create}, is cut off. Per node on purpose: a shared counter would cost a
 * cluster round trip on every login page, and N nodes allow at most N times the rate.
 */
public final class QrIssueLimiter {

    /** Addresses remembered at most; beyond, buckets that are full again (idle addresses) are forgotten. */
    static final int MAX_ADDRESSES = 100_000;

    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public QrIssueLimiter() {
        this(System::nanoTime);
    }

    QrIssueLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Takes one code from the bucket of {@code key} (provider and client address); false when it is empty.
     *
     * @param perMinute codes per minute, also the burst; 0 or less: no bound
     */
    public boolean tryAcquire(String key, int perMinute) {
        if (perMinute <= 0) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (buckets.size() >= MAX_ADDRESSES) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now)).take(perMinute, now);
    }

    private static final class Bucket {
        private double tokens;
        private int capacity;
        private long updatedAt;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.capacity = capacity;
            this.updatedAt = now;
        }

        synchronized boolean take(int perMinute, long now) {
            capacity = perMinute; // the admin may have changed it
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= capacity;
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - updatedAt) * capacity / 60e9);
            updatedAt = now;
        }
    }
}
