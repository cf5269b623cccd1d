package io.github.keycloakwechat.push;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.testing.InMemorySingleUseObjects;
import io.github.keycloakwechat.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PushDeliveryLogTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final PushDeliveryLog log = new PushDeliveryLog(new InMemorySingleUseObjects(clock));

    @Test
    void aDeliveryIsFirstOnlyOncePerProvider() {
        assertTrue(log.firstDelivery("realm-1", "wechat-mp", "o:123", 600));
        assertFalse(log.firstDelivery("realm-1", "wechat-mp", "o:123", 600));
        assertTrue(log.firstDelivery("realm-1", "other", "o:123", 600));
        assertTrue(log.firstDelivery("realm-2", "wechat-mp", "o:123", 600));
    }

    @Test
    void aForgottenDeliveryIsFirstAgainSoWeChatsRetryCounts() {
        assertTrue(log.firstDelivery("realm-1", "wechat-mp", "o:123", 600));
        log.forget("realm-1", "wechat-mp", "o:123");
        assertTrue(log.firstDelivery("realm-1", "wechat-mp", "o:123", 600), "the retry is a first delivery again");
    }

    @Test
    void markersExpire() {
        assertTrue(log.firstDelivery("realm-1", "wechat-mp", "o:123", 600));
        clock.advance(Duration.ofSeconds(601));
        assertTrue(log.firstDelivery("realm-1", "wechat-mp", "o:123", 600));
    }
}
