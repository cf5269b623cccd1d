package io.github.keycloakwechat.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QrIssueLimiterTest {

    private final AtomicLong nanos = new AtomicLong();
    private final QrIssueLimiter limiter = new QrIssueLimiter(nanos::get);

    @Test
    void aBurstOfThePerMinuteAllowanceThenOneCodeEveryTwoSeconds() {
        assertEquals(30, IntStream.range(0, 100).filter(i -> limiter.tryAcquire("203.0.113.7", 30)).count());
        assertFalse(limiter.tryAcquire("203.0.113.7", 30));
        nanos.addAndGet(2_000_000_000L);
        assertTrue(limiter.tryAcquire("203.0.113.7", 30), "30 a minute: one more after 2 s");
        assertFalse(limiter.tryAcquire("203.0.113.7", 30));
    }

    @Test
    void addressesHaveBucketsOfTheirOwn() {
        IntStream.range(0, 30).forEach(i -> limiter.tryAcquire("203.0.113.7", 30));
        assertFalse(limiter.tryAcquire("203.0.113.7", 30));
        assertTrue(limiter.tryAcquire("198.51.100.1", 30), "another address is not affected");
    }

    @Test
    void zeroTurnsTheBoundOff() {
        QrIssueLimiter off = new QrIssueLimiter(nanos::get);
        assertEquals(1000, IntStream.range(0, 1000).filter(i -> off.tryAcquire("203.0.113.7", 0)).count());
    }

    @Test
    void idleAddressesAreForgottenWhenTheMapIsFull() {
        for (int i = 0; i < QrIssueLimiter.MAX_ADDRESSES; i++) {
            limiter.tryAcquire("10.0." + (i / 256) + "." + (i % 256), 30);
        }
        nanos.addAndGet(60_000_000_000L); // a minute later every bucket is full again
        assertTrue(limiter.tryAcquire("192.0.2.1", 30));
        IntStream.range(0, 29).forEach(i -> limiter.tryAcquire("192.0.2.1", 30));
        assertFalse(limiter.tryAcquire("192.0.2.1", 30), "the new address has a bucket of its own");
    }
}
