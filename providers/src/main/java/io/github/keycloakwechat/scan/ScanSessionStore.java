package io.github.keycloakwechat.scan;

import java.time.Clock;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Scan sessions in Keycloak's cluster-wide single-use store. A push may land on one node while the browser polls
 * another, so nothing here is kept in memory. Writes become visible when the request's transaction commits.
 */
public final class ScanSessionStore {

    private static final String SCENE_PREFIX = "wechat:scan:";
    private static final String CLAIM_PREFIX = "wechat:scan-claim:";
    private static final String RENEWAL_PREFIX = "wechat:scan-renewal:";
    private static final String ANSWER_PREFIX = "wechat:scan-answer:";
    /** After a scan that must be confirmed on the phone, the person has at least this long to answer. */
    static final long CONFIRM_SECONDS = 120;
    /** Entries outlive their QR so the page that showed an expired code can still renew it. */
    private static final long GRACE_SECONDS = 120;

    private final SingleUseObjectProvider store;
    private final Clock clock;

    public ScanSessionStore(KeycloakSession session) {
        this(session.singleUseObjects(), Clock.systemUTC());
    }

    ScanSessionStore(SingleUseObjectProvider store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public long now() {
        return clock.instant().getEpochSecond();
    }

    public void save(ScanSession scan) {
        store.put(SCENE_PREFIX + scan.sceneId(), lifespan(scan), scan.toMap());
    }

    /** The scan session, or null when unknown, malformed or past its lifetime. */
    public ScanSession find(String sceneId) {
        if (!SceneIds.isWellFormed(sceneId)) {
            return null;
        }
        ScanSession scan = ScanSession.fromMap(sceneId, store.get(SCENE_PREFIX + sceneId));
        return scan == null || scan.expiredAt(now()) ? null : scan;
    }

    /** The scan session even if its QR has expired (within the grace period), for renewal. */
    public ScanSession findIncludingExpired(String sceneId) {
        return SceneIds.isWellFormed(sceneId) ? ScanSession.fromMap(sceneId, store.get(SCENE_PREFIX + sceneId)) : null;
    }

    public ScanStatus status(String sceneId) {
        ScanSession scan = find(sceneId);
        return scan == null ? ScanStatus.EXPIRED : scan.status();
    }

    /** Records a scan that completes the QR at once; see the method below. */
    public ScanOutcome markScanned(String sceneId, String realmId, String alias, String ticket, String openid) {
        return markScanned(sceneId, realmId, alias, ticket, openid, null);
    }

    /**
     * Records that {@code openid} scanned the code. The first scanner wins cluster-wide ({@code putIfAbsent} is
     * atomic); a second scan by the same person is harmless, a scan by someone else is refused.
     *
     * @param confirmLinkHash with "confirm on the phone", the hash of the link's token the scanner is sent; the scan
     *                        then waits for their answer ({@link ScanOutcome#AWAITING_CONFIRMATION}), and a second
     *                        scan by them replaces the link. Null: the scan completes the QR at once.
     */
    public ScanOutcome markScanned(String sceneId, String realmId, String alias, String ticket, String openid,
                                   String confirmLinkHash) {
        ScanSession scan = find(sceneId);
        if (scan == null || !scan.belongsTo(realmId, alias)) {
            return ScanOutcome.UNKNOWN_OR_EXPIRED;
        }
        if (ticket != null && !SceneIds.sameText(scan.ticketHash(), SceneIds.hash(ticket))) {
            return ScanOutcome.UNKNOWN_OR_EXPIRED;
        }
        boolean confirm = confirmLinkHash != null;
        ScanSession next = confirm ? scan.awaitingConfirmation(openid, confirmLinkHash, now() + CONFIRM_SECONDS)
                : scan.scannedBy(openid);
        if (!store.putIfAbsent(CLAIM_PREFIX + sceneId, lifespan(next))) {
            if (!openid.equals(scan.openid()) || scan.status() == ScanStatus.DENIED) {
                return ScanOutcome.ALREADY_USED;
            }
            if (confirm && scan.status() == ScanStatus.CONFIRMING) {
                store.put(SCENE_PREFIX + sceneId, lifespan(next), next.toMap());
                return ScanOutcome.AWAITING_CONFIRMATION;
            }
            return ScanOutcome.SCANNED;
        }
        store.put(SCENE_PREFIX + sceneId, lifespan(next), next.toMap());
        return confirm ? ScanOutcome.AWAITING_CONFIRMATION : ScanOutcome.SCANNED;
    }

    /** The scan waiting for its scanner's answer through the link whose token hashes to {@code linkHash}, or null. */
    public ScanSession findAwaitingConfirmation(String sceneId, String linkHash) {
        ScanSession scan = find(sceneId);
        return scan != null && scan.status() == ScanStatus.CONFIRMING && SceneIds.sameText(scan.confirmHash(), linkHash)
                ? scan : null;
    }

    /**
     * Records the scanner's answer to the link whose token hashes to {@code linkHash}: once per scan, cluster-wide.
     * Null when the scan no longer waits for that link or was answered already.
     */
    public ScanSession answer(String sceneId, String linkHash, boolean confirmed) {
        ScanSession scan = find(sceneId);
        if (scan == null || scan.status() != ScanStatus.CONFIRMING || !SceneIds.sameText(scan.confirmHash(), linkHash)
                || !store.putIfAbsent(ANSWER_PREFIX + sceneId, lifespan(scan))) {
            return null;
        }
        ScanSession answered = scan.answered(confirmed);
        store.put(SCENE_PREFIX + sceneId, lifespan(answered), answered.toMap());
        return answered;
    }

    /** Removes the scan session; exactly one caller in the cluster gets it back. */
    public ScanSession consume(String sceneId) {
        if (!SceneIds.isWellFormed(sceneId)) {
            return null;
        }
        ScanSession scan = ScanSession.fromMap(sceneId, store.remove(SCENE_PREFIX + sceneId));
        return scan == null || scan.expiredAt(now()) ? null : scan;
    }

    public void delete(String sceneId) {
        if (SceneIds.isWellFormed(sceneId)) {
            store.remove(SCENE_PREFIX + sceneId);
        }
    }

    /**
     * Undoes the scan claim of {@link #markScanned} when the request that made it rolls back: the claim takes effect
     * at once, the scan itself only at commit, so WeChat's retry must find the claim gone.
     */
    public void releaseClaim(String sceneId) {
        if (SceneIds.isWellFormed(sceneId)) {
            store.remove(CLAIM_PREFIX + sceneId);
        }
    }

    /**
     * Claims the one renewal of a code, cluster-wide ({@code putIfAbsent}): true for the first caller only. The claim
     * outlives the old code's entry, so a late duplicate cannot renew it either.
     */
    public boolean claimRenewal(String sceneId) {
        return SceneIds.isWellFormed(sceneId) && store.putIfAbsent(RENEWAL_PREFIX + sceneId, GRACE_SECONDS * 2);
    }

    /** Gives the renewal back when no new code could be issued. */
    public void releaseRenewal(String sceneId) {
        if (SceneIds.isWellFormed(sceneId)) {
            store.remove(RENEWAL_PREFIX + sceneId);
        }
    }

    private long lifespan(ScanSession scan) {
        return Math.max(1, scan.expiresAtEpochSecond() - now()) + GRACE_SECONDS;
    }

    public enum ScanOutcome { SCANNED, AWAITING_CONFIRMATION, ALREADY_USED, UNKNOWN_OR_EXPIRED }
}
