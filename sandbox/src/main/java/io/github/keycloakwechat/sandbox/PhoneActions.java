package io.github.keycloakwechat.sandbox;

import java.net.URI;
import java.util.Optional;

/** What a person does with the sandbox phone: scan a QR code, follow, unfollow. Each pushes the event. */
final class PhoneActions {

    /** A failed action with the HTTP status the control API answers. */
    static final class ActionException extends Exception {
        private final int status;

        ActionException(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private final SandboxState state;
    private final PushDispatcher push;

    PhoneActions(SandboxState state, PushDispatcher push) {
        this.state = state;
        this.push = push;
    }

    /**
     * Scans a QR code (by its url or its ticket): a person who does not follow the app follows it and the app
     * gets {@code subscribe} with EventKey "qrscene_" + scene; a follower produces {@code SCAN} with the bare scene.
     */
    PushResult scan(String userId, String qrUrl, String ticket) throws ActionException {
        SandboxUser user = user(userId);
        Optional<SandboxQrCode> found = ticket != null && !ticket.isEmpty()
                ? state.validQrByTicket(ticket)
                : state.validQrById(qrIdOf(qrUrl));
        SandboxQrCode qr = found.orElseThrow(() -> new ActionException(404, "QR code unknown or expired"));
        SandboxApp app = state.app(qr.appId()).orElseThrow(() -> new ActionException(404, "the QR code's app no longer exists"));
        String openid = state.openidOf(user.id(), app.appId());
        boolean subscribed = state.followViaQr(user.id(), qr);
        state.addChat(user.id(), app.appId(), "user", subscribed
                ? "扫码关注了「" + app.name() + "」/ Scanned and followed"
                : "扫描了「" + app.name() + "」的二维码 / Scanned the QR code");
        PushResult result = subscribed
                ? push.push(app, openid, "subscribe", "qrscene_" + qr.scene(), qr.ticket())
                : push.push(app, openid, "SCAN", qr.scene(), qr.ticket());
        recordReply(user, app, result);
        return result;
    }

    /** Follows without a QR code (found the account by search): {@code subscribe} with an empty EventKey. */
    PushResult follow(String userId, String appId) throws ActionException {
        SandboxUser user = user(userId);
        SandboxApp app = app(appId);
        if (state.follows(user.id(), app.appId())) {
            throw new ActionException(409, user.id() + " already follows " + app.appId());
        }
        state.setFollows(user.id(), app.appId(), true);
        state.addChat(user.id(), app.appId(), "user", "关注了「" + app.name() + "」/ Followed");
        PushResult result = push.push(app, state.openidOf(user.id(), app.appId()), "subscribe", null, null);
        recordReply(user, app, result);
        return result;
    }

    /** Unfollows and tells the app ({@code unsubscribe}); WeChat shows nothing the app replies to that. */
    PushResult unfollow(String userId, String appId) throws ActionException {
        SandboxUser user = user(userId);
        SandboxApp app = app(appId);
        if (!state.unfollow(user.id(), app.appId())) {
            throw new ActionException(409, user.id() + " does not follow " + app.appId());
        }
        state.addChat(user.id(), app.appId(), "user", "取消关注了「" + app.name() + "」/ Unfollowed");
        PushResult result = push.push(app, state.openidOf(user.id(), app.appId()), "unsubscribe", null, null);
        if (result.error() != null) {
            state.addChat(user.id(), app.appId(), "system", "Sandbox: " + result.error());
        }
        return result;
    }

    private void recordReply(SandboxUser user, SandboxApp app, PushResult result) {
        if (result.replyText() != null) {
            state.addChat(user.id(), app.appId(), "account", result.replyText());
        }
        if (result.error() != null) {
            // Not something WeChat shows; it tells the admin why the person saw what they saw.
            state.addChat(user.id(), app.appId(), "system", "Sandbox: " + result.error());
        }
    }

    private SandboxUser user(String userId) throws ActionException {
        if (userId == null || userId.isEmpty()) {
            throw new ActionException(400, "\"user\" is required");
        }
        return state.user(userId).orElseThrow(() -> new ActionException(404, "unknown user " + userId));
    }

    private SandboxApp app(String appId) throws ActionException {
        if (appId == null || appId.isEmpty()) {
            throw new ActionException(400, "\"appId\" is required");
        }
        SandboxApp app = state.app(appId).orElseThrow(() -> new ActionException(404, "unknown app " + appId));
        if (!app.serviceAccount()) {
            throw new ActionException(400, appId + " is " + SandboxApp.kindLabel(app.kind())
                    + ": only Service Accounts have followers");
        }
        return app;
    }

    /** The id at the end of a QR url (any host: the phone may see the sandbox under another name). */
    static String qrIdOf(String qrUrl) throws ActionException {
        if (qrUrl == null || qrUrl.isBlank()) {
            throw new ActionException(400, "\"qrUrl\" or \"ticket\" is required");
        }
        String path;
        try {
            path = URI.create(qrUrl.strip()).getPath();
        } catch (IllegalArgumentException e) {
            throw new ActionException(404, "not a QR code url");
        }
        int at = path == null ? -1 : path.lastIndexOf("/q/");
        if (at < 0 || at + 3 >= path.length()) {
            throw new ActionException(404, "not a sandbox QR code url (expected …/q/{id})");
        }
        return path.substring(at + 3);
    }
}
