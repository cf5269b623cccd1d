package io.github.keycloakwechat.scan;

import java.util.HashMap;
import java.util.Map;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * One login QR code, bound to the Keycloak auth session (root id + tab) that showed it. Stored as a string map
 * because that is what {@code SingleUseObjectProvider} replicates across the cluster. The openid is only ever
 * written by a verified push and read by the broker endpoint; it never reaches the browser.
 */
public record ScanSession(String sceneId, String realmId, String alias, String rootSessionId, String tabId,
                          String ticketHash, long expiresAtEpochSecond, ScanStatus status, String openid,
                          int renewals, String confirmHash) {

    private static final String REALM = "realm";
    private static final String ALIAS = "alias";
    private static final String ROOT_SESSION = "root";
    private static final String TAB = "tab";
    private static final String TICKET_HASH = "ticket";
    private static final String EXPIRES_AT = "exp";
    private static final String STATUS = "status";
    private static final String OPENID = "openid";
    private static final String RENEWALS = "renewals";
    private static final String CONFIRM_HASH = "confirm";

    public static ScanSession pending(String sceneId, String realmId, String alias, String rootSessionId, String tabId,
                                      String ticketHash, long expiresAtEpochSecond, int renewals) {
        return new ScanSession(sceneId, realmId, alias, rootSessionId, tabId, ticketHash, expiresAtEpochSecond,
                ScanStatus.PENDING, null, renewals, null);
    }

    public ScanSession scannedBy(String scannerOpenid) {
        return new ScanSession(sceneId, realmId, alias, rootSessionId, tabId, ticketHash, expiresAtEpochSecond,
                ScanStatus.SCANNED, scannerOpenid, renewals, null);
    }

    /**
     * Scanned, waiting for the scanner to confirm on the phone through the link whose token hashes to
     * {@code linkHash}. The scene lives at least until {@code notBefore}, so a scan just before the QR expires still
     * leaves time to confirm.
     */
    public ScanSession awaitingConfirmation(String scannerOpenid, String linkHash, long notBefore) {
        return new ScanSession(sceneId, realmId, alias, rootSessionId, tabId, ticketHash,
                Math.max(expiresAtEpochSecond, notBefore), ScanStatus.CONFIRMING, scannerOpenid, renewals, linkHash);
    }

    /** The person's answer on the phone: {@code SCANNED} (the browser may complete) or {@code DENIED}. */
    public ScanSession answered(boolean confirmed) {
        return new ScanSession(sceneId, realmId, alias, rootSessionId, tabId, ticketHash, expiresAtEpochSecond,
                confirmed ? ScanStatus.SCANNED : ScanStatus.DENIED, openid, renewals, null);
    }

    public boolean expiredAt(long nowEpochSecond) {
        return nowEpochSecond >= expiresAtEpochSecond;
    }

    public boolean belongsTo(String realmId, String alias) {
        return this.realmId.equals(realmId) && this.alias.equals(alias);
    }

    /**
     * Whether this QR was shown by that login: the same realm, the same browser (root auth session, known from its
     * cookie) and the same tab. Completion and renewal both ask this, so a scene cannot be used from another browser.
     */
    public boolean belongsToLogin(AuthenticationSessionModel login) {
        return login != null && realmId.equals(login.getRealm().getId())
                && rootSessionId.equals(login.getParentSession().getId()) && tabId.equals(login.getTabId());
    }

    Map<String, String> toMap() {
        Map<String, String> map = new HashMap<>();
        map.put(REALM, realmId);
        map.put(ALIAS, alias);
        map.put(ROOT_SESSION, rootSessionId);
        map.put(TAB, tabId);
        map.put(TICKET_HASH, ticketHash);
        map.put(EXPIRES_AT, Long.toString(expiresAtEpochSecond));
        map.put(STATUS, status.wireValue());
        map.put(RENEWALS, Integer.toString(renewals));
        if (openid != null) {
            map.put(OPENID, openid);
        }
        if (confirmHash != null) {
            map.put(CONFIRM_HASH, confirmHash);
        }
        return map;
    }

    static ScanSession fromMap(String sceneId, Map<String, String> map) {
        if (map == null || map.get(REALM) == null || ScanStatus.fromWire(map.get(STATUS)) == null) {
            return null;
        }
        return new ScanSession(sceneId, map.get(REALM), map.get(ALIAS), map.get(ROOT_SESSION), map.get(TAB),
                map.get(TICKET_HASH), Long.parseLong(map.get(EXPIRES_AT)), ScanStatus.fromWire(map.get(STATUS)),
                map.get(OPENID), Integer.parseInt(map.getOrDefault(RENEWALS, "0")), map.get(CONFIRM_HASH));
    }
}
