package io.github.keycloakwechat.message;

import java.util.Map;

/**
 * Typed view of a push to act on: a plaintext push, or the message decrypted from a safe-mode push.
 *
 * <p>A safe-mode envelope ({@code ToUserName} and {@code Encrypt} only) is not such a message: the envelope is opened
 * from the parser's fields, and only what it decrypts to becomes a {@code PushMessage}. So every message has a sender
 * and a type; one without them is refused, because a handler's reply goes to the sender (a sender-less push that
 * reached a handler made the reply fail with a 500; found by fuzzing, docs/fuzzing.md).
 *
 * @param toUserName   the account's original id (gh_...), or the CorpID for WeCom
 * @param fromUserName the user's OpenID
 * @param createTime   unix seconds, 0 when absent
 * @param msgType      e.g. "event" or "text"
 * @param encrypt      the {@code Encrypt} field when the push carried one (a compatible-mode plaintext copy); never
 *                     read for anything
 */
public record PushMessage(String toUserName, String fromUserName, long createTime, String msgType, String event,
                          String eventKey, String ticket, String msgId, String encrypt) {

    static final String QR_SCENE_PREFIX = "qrscene_";

    /** Builds the view from {@link PushXmlParser} output, refusing pushes no WeChat server would send. */
    public static PushMessage from(Map<String, String> fields) throws MalformedPushException {
        String toUserName = fields.get("ToUserName");
        String fromUserName = fields.get("FromUserName");
        String msgType = fields.get("MsgType");
        if (isEmpty(toUserName)) {
            throw new MalformedPushException("missing ToUserName");
        }
        if (isEmpty(fromUserName) || isEmpty(msgType)) {
            throw new MalformedPushException("missing FromUserName or MsgType");
        }
        return new PushMessage(toUserName, fromUserName, createTime(fields.get("CreateTime")), msgType,
                fields.get("Event"), fields.get("EventKey"), fields.get("Ticket"), fields.get("MsgId"),
                fields.get("Encrypt"));
    }

    /** Whether this is an event push rather than a user message. */
    public boolean isEvent() {
        return "event".equals(msgType);
    }

    /**
     * Whether a parametric QR code was scanned: a follow through a QR code ({@code subscribe} with a
     * {@code qrscene_} key) or a scan by an existing follower ({@code SCAN}). A plain follow is not a scan.
     */
    public boolean isQrScan() {
        // A SCAN without EventKey names no scene: not a scan to act on, so that a scan always has a sceneValue().
        return isEvent() && (isQrSubscribe() || ("SCAN".equals(event) && eventKey != null));
    }

    /** The QR scene (scene_id or scene_str) of a scan, without WeChat's {@code qrscene_} prefix; else null. */
    public String sceneValue() {
        if (!isEvent()) {
            return null;
        }
        if (isQrSubscribe()) {
            return eventKey.substring(QR_SCENE_PREFIX.length());
        }
        return "SCAN".equals(event) ? eventKey : null;
    }

    /**
     * A key for discarding WeChat's retries (it delivers up to three times): MsgId for user messages,
     * otherwise FromUserName:CreateTime, plus :Event and :EventKey because one second can carry several events
     * of a user (two QR codes scanned within a second are two logins, not a retry; a retry repeats them all).
     */
    public String dedupKey() {
        if (!isEmpty(msgId)) {
            return msgId;
        }
        String key = fromUserName + ":" + createTime;
        if (event != null) {
            key += ":" + event;
        }
        return eventKey == null ? key : key + ":" + eventKey;
    }

    private boolean isQrSubscribe() {
        return "subscribe".equals(event) && eventKey != null && eventKey.startsWith(QR_SCENE_PREFIX);
    }

    private static long createTime(String value) throws MalformedPushException {
        if (value == null) {
            return 0L;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds < 0) {
                throw new MalformedPushException("negative CreateTime");
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new MalformedPushException("CreateTime is not a number");
        }
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
