package io.github.keycloakwechat.scan;

import io.github.keycloakwechat.testing.InMemorySingleUseObjects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.scan.ScanSessionStore.ScanOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScanSessionStoreTest {

    private static final String TICKET = "gQH47joAAAAAAAAAASxodHRwOi8v+d2VpeGluLnFxLmNvbS9x/a1o=";

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private ScanSessionStore store;
    private String scene;

    @BeforeEach
    void setUp() {
        store = new ScanSessionStore(new InMemorySingleUseObjects(clock), clock);
        scene = SceneIds.newSceneId();
        store.save(ScanSession.pending(scene, "realm-1", "wechat-mp", "root-1", "tab-1", SceneIds.hash(TICKET),
                store.now() + 180, 0));
    }

    @Test
    void aScanMarksThePendingSceneScannedByThatOpenid() {
        assertEquals(ScanStatus.PENDING, store.status(scene));
        assertEquals(ScanOutcome.SCANNED, store.markScanned(scene, "realm-1", "wechat-mp", TICKET, "openid-alice"));
        assertEquals(ScanStatus.SCANNED, store.status(scene));
        assertEquals("openid-alice", store.find(scene).openid());
    }

    @Test
    void theFirstScannerWinsAndTheSamePersonMayScanAgain() {
        store.markScanned(scene, "realm-1", "wechat-mp", TICKET, "openid-alice");
        assertEquals(ScanOutcome.ALREADY_USED, store.markScanned(scene, "realm-1", "wechat-mp", TICKET, "openid-mallory"));
        assertEquals(ScanOutcome.SCANNED, store.markScanned(scene, "realm-1", "wechat-mp", TICKET, "openid-alice"));
        assertEquals("openid-alice", store.find(scene).openid());
    }

    @Test
    void aWrongTicketRealmOrProviderDoesNotTouchTheScene() {
        assertEquals(ScanOutcome.UNKNOWN_OR_EXPIRED, store.markScanned(scene, "realm-1", "wechat-mp", "other-ticket", "o"));
        assertEquals(ScanOutcome.UNKNOWN_OR_EXPIRED, store.markScanned(scene, "realm-2", "wechat-mp", TICKET, "o"));
        assertEquals(ScanOutcome.UNKNOWN_OR_EXPIRED, store.markScanned(scene, "realm-1", "other", TICKET, "o"));
        assertEquals(ScanStatus.PENDING, store.status(scene));
    }

    @Test
    void anExpiredSceneCanNeitherBeScannedNorConsumed() {
        store.markScanned(scene, "realm-1", "wechat-mp", TICKET, "openid-alice");
        now.set(now.get().plusSeconds(181));
        assertEquals(ScanStatus.EXPIRED, store.status(scene));
        assertNull(store.consume(scene));
        assertEquals(ScanOutcome.UNKNOWN_OR_EXPIRED, store.markScanned(scene, "realm-1", "wechat-mp", TICKET, "o"));
    }

    @Test
    void aSceneIsConsumedExactlyOnce() {
        store.markScanned(scene, "realm-1", "wechat-mp", TICKET, "openid-alice");
        ScanSession first = store.consume(scene);
        assertNotNull(first);
        assertEquals("openid-alice", first.openid());
        assertNull(store.consume(scene));
        assertEquals(ScanStatus.EXPIRED, store.status(scene));
    }

    @Test
    void anExpiredSceneStaysFindableForRenewalDuringTheGracePeriod() {
        now.set(now.get().plusSeconds(200));
        assertNull(store.find(scene));
        assertNotNull(store.findIncludingExpired(scene));
    }

    @Test
    void malformedSceneIdsAreUnknown() {
        assertEquals(ScanStatus.EXPIRED, store.status("../../etc"));
        assertNull(store.consume(null));
    }

    @Test
    void aRolledBackClaimIsReleasedSoWeChatsRetryCounts() {
        store.markScanned(scene, "realm-1", "wechat-mp", TICKET, "openid-alice");
        store.releaseClaim(scene);
        assertEquals(ScanOutcome.SCANNED, store.markScanned(scene, "realm-1", "wechat-mp", TICKET, "openid-alice"));
    }

    @Test
    void sceneIdsAre128BitRandomAndFitWeChatsLimit() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = SceneIds.newSceneId();
            assertTrue(SceneIds.isWellFormed(id));
            assertTrue(id.length() <= 64);
            ids.add(id);
        }
        assertEquals(1000, ids.size());
        assertNotEquals(SceneIds.hash("a"), SceneIds.hash("b"));
    }

    @Test
    void withConfirmationAScanWaitsForTheScannersAnswerAndOneAnswerCounts() {
        String link = SceneIds.hash("link-token");
        assertEquals(ScanOutcome.AWAITING_CONFIRMATION,
                store.markScanned(scene, "realm-1", "wechat-mp", TICKET, "openid-alice", link));
        assertEquals(ScanStatus.CONFIRMING, store.status(scene));
        assertNull(store.findAwaitingConfirmation(scene, SceneIds.hash("another-token")));
        assertEquals("openid-alice", store.findAwaitingConfirmation(scene, link).openid());
        assertEquals(ScanOutcome.ALREADY_USED,
                store.markScanned(scene, "realm-1", "wechat-mp", TICKET, "openid-mallory", SceneIds.hash("m")));

        assertNull(store.answer(scene, SceneIds.hash("another-token"), true), "only the link's own token answers");
        assertEquals(ScanStatus.SCANNED, store.answer(scene, link, true).status());
        assertEquals(ScanStatus.SCANNED, store.status(scene));
        assertNull(store.answer(scene, link, false), "answered once");
        assertEquals(ScanStatus.SCANNED, store.status(scene));
    }

    @Test
    void aDeniedScanCannotBeScannedAgainNorCompleted() {
        String link = SceneIds.hash("link-token");
        store.markScanned(scene, "realm-1", "wechat-mp", TICKET, "openid-alice", link);
        assertEquals(ScanStatus.DENIED, store.answer(scene, link, false).status());
        assertTrue(ScanStatus.DENIED.isFinal());
        assertEquals(ScanOutcome.ALREADY_USED,
                store.markScanned(scene, "realm-1", "wechat-mp", TICKET, "openid-alice", SceneIds.hash("again")));
        assertEquals(ScanStatus.DENIED, store.status(scene));
    }

    @Test
    void theScannersSecondScanReplacesTheLinkAndAScanJustBeforeExpiryLeavesTimeToConfirm() {
        now.set(now.get().plusSeconds(175));
        String first = SceneIds.hash("first");
        String second = SceneIds.hash("second");
        store.markScanned(scene, "realm-1", "wechat-mp", TICKET, "openid-alice", first);
        assertEquals(ScanOutcome.AWAITING_CONFIRMATION,
                store.markScanned(scene, "realm-1", "wechat-mp", TICKET, "openid-alice", second));
        assertNull(store.findAwaitingConfirmation(scene, first), "the older link is void");
        now.set(now.get().plusSeconds(60));
        assertNotNull(store.findAwaitingConfirmation(scene, second), "a minute after the QR expired, still answerable");
    }
}
