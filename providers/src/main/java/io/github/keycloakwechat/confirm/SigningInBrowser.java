package io.github.keycloakwechat.confirm;

import org.keycloak.device.DeviceRepresentationProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.account.DeviceRepresentation;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The browser that showed a login QR, as the confirmation page describes it to the person on the phone: its network
 * address, its device as Keycloak reads the User-Agent, and when it asked. Kept in the login's auth notes, and only
 * when scans must be confirmed.
 *
 * @param address  the client address Keycloak saw (the real one only with {@code --proxy-headers} behind a proxy)
 * @param device   for example "Chrome/156.0 · Linux", or null when unknown
 * @param shownAt  epoch second of the QR page
 */
public record SigningInBrowser(String address, String device, long shownAt) {

    private static final String ADDRESS_NOTE = "wechat.confirm.address";
    private static final String DEVICE_NOTE = "wechat.confirm.device";
    private static final String SHOWN_NOTE = "wechat.confirm.shown";

    /** Notes this request's browser on the login that is about to show a QR. */
    public static void remember(KeycloakSession session, AuthenticationSessionModel login, long nowEpochSecond) {
        if (session.getContext().getConnection() != null) {
            login.setAuthNote(ADDRESS_NOTE, session.getContext().getConnection().getRemoteAddr());
        }
        DeviceRepresentationProvider devices = session.getProvider(DeviceRepresentationProvider.class);
        DeviceRepresentation device = devices == null ? null : devices.deviceRepresentation();
        if (device != null && device.getBrowser() != null) {
            String os = device.getOs() == null || DeviceRepresentation.UNKNOWN.equals(device.getOs()) ? ""
                    : " · " + device.getOs() + (device.getOsVersion() == null
                            || DeviceRepresentation.UNKNOWN.equals(device.getOsVersion()) ? "" : " " + device.getOsVersion());
            login.setAuthNote(DEVICE_NOTE, device.getBrowser() + os);
        }
        login.setAuthNote(SHOWN_NOTE, Long.toString(nowEpochSecond));
    }

    /** What {@link #remember} noted; null when nothing was. */
    public static SigningInBrowser of(AuthenticationSessionModel login) {
        String shown = login == null ? null : login.getAuthNote(SHOWN_NOTE);
        if (shown == null) {
            return null;
        }
        return new SigningInBrowser(login.getAuthNote(ADDRESS_NOTE), login.getAuthNote(DEVICE_NOTE), Long.parseLong(shown));
    }
}
