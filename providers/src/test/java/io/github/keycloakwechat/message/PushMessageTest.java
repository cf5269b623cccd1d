package io.github.keycloakwechat.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushMessageTest {

    private final PushXmlParser parser = new PushXmlParser();

    @Test
    void qrSubscribeCarriesSceneWithoutPrefix() throws Exception {
        PushMessage m = message(PushXmlParserTest.SUBSCRIBE);
        assertEquals("toUser", m.toUserName());
        assertEquals("FromUser", m.fromUserName());
        assertEquals(123456789L, m.createTime());
        assertTrue(m.isEvent());
        assertTrue(m.isQrScan());
        assertEquals("123123", m.sceneValue());
        assertEquals("TICKET", m.ticket());
        assertNull(m.msgId());
        assertNull(m.encrypt());
        assertEquals("FromUser:123456789:subscribe:qrscene_123123", m.dedupKey());
    }

    @Test
    void scanByFollowerCarriesSceneAsIs() throws Exception {
        PushMessage m = message(PushXmlParserTest.SCAN);
        assertTrue(m.isQrScan());
        assertEquals("SCENE_VALUE", m.sceneValue());
        assertEquals("FromUser:123456789:SCAN:SCENE_VALUE", m.dedupKey());
    }

    @Test
    void twoQrScansInOneSecondAreTwoEventsButARetryIsOne() throws Exception {
        PushMessage first = message(PushXmlParserTest.SCAN);
        PushMessage retry = message(PushXmlParserTest.SCAN);
        PushMessage other = message(PushXmlParserTest.SCAN.replace("SCENE_VALUE", "OTHER_SCENE"));
        assertEquals(first.dedupKey(), retry.dedupKey());
        assertFalse(first.dedupKey().equals(other.dedupKey()));
    }

    @Test
    void plainFollowUnfollowAndLookalikesAreNotScans() throws Exception {
        PushMessage follow = PushMessage.from(event("subscribe", null));
        assertFalse(follow.isQrScan());
        assertNull(follow.sceneValue());
        assertFalse(PushMessage.from(event("subscribe", "")).isQrScan());
        assertFalse(PushMessage.from(event("subscribe", "123123")).isQrScan());
        assertFalse(PushMessage.from(event("unsubscribe", "qrscene_1")).isQrScan());
        assertNull(PushMessage.from(event("unsubscribe", "qrscene_1")).sceneValue());
        assertFalse(PushMessage.from(event("scan", "1")).isQrScan()); // event names are case-sensitive
        assertFalse(PushMessage.from(event("CLICK", "qrscene_1")).isQrScan());

        Map<String, String> notAnEvent = event("SCAN", "1");
        notAnEvent.put("MsgType", "text");
        assertFalse(PushMessage.from(notAnEvent).isQrScan());
        assertNull(PushMessage.from(notAnEvent).sceneValue());
    }

    @Test
    void userMessageIsDedupedByMsgId() throws Exception {
        PushMessage m = message("<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName>"
                + "<CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[this is a test]]></Content><MsgId>1234567890123456</MsgId></xml>");
        assertFalse(m.isEvent());
        assertFalse(m.isQrScan());
        assertEquals("1234567890123456", m.dedupKey());
    }

    @Test
    void createTimeMustBeANumberWhenPresent() throws Exception {
        Map<String, String> fields = event("SCAN", "1");
        fields.put("CreateTime", "soon");
        assertThrows(MalformedPushException.class, () -> PushMessage.from(fields));
        fields.put("CreateTime", "-5");
        assertThrows(MalformedPushException.class, () -> PushMessage.from(fields));
        fields.put("CreateTime", " 42\n");
        assertEquals(42L, PushMessage.from(fields).createTime());
        fields.remove("CreateTime");
        assertEquals(0L, PushMessage.from(fields).createTime());
    }

    @Test
    void plaintextPushNeedsSenderAndType() {
        Map<String, String> fields = event("SCAN", "1");
        fields.remove("FromUserName");
        assertThrows(MalformedPushException.class, () -> PushMessage.from(fields));
        Map<String, String> noType = event("SCAN", "1");
        noType.remove("MsgType");
        assertThrows(MalformedPushException.class, () -> PushMessage.from(noType));
        Map<String, String> noReceiver = event("SCAN", "1");
        noReceiver.remove("ToUserName");
        assertThrows(MalformedPushException.class, () -> PushMessage.from(noReceiver));
    }

    /** A fuzzing finding: a SCAN without EventKey counted as a scan but had no scene. */
    @Test
    void aScanWithoutEventKeyIsNoScan() throws Exception {
        PushMessage m = PushMessage.from(event("SCAN", null));
        assertFalse(m.isQrScan());
        assertNull(m.sceneValue());
    }

    /** An envelope is opened, not acted on: without a sender there is no one to reply to (a fuzzing finding). */
    @Test
    void aSafeModeEnvelopeIsNotAMessage() {
        assertThrows(MalformedPushException.class, () -> message(
                "<xml><ToUserName><![CDATA[gh_xxx]]></ToUserName><Encrypt><![CDATA[QUJD]]></Encrypt></xml>"));
        Map<String, String> withoutSender = event("SCAN", "1");
        withoutSender.remove("FromUserName");
        withoutSender.put("Encrypt", "QUJD");
        assertThrows(MalformedPushException.class, () -> PushMessage.from(withoutSender));
    }

    @Test
    void aCompatibleModePlaintextCopyKeepsItsEncryptField() throws Exception {
        Map<String, String> fields = event("SCAN", "1");
        fields.put("Encrypt", "QUJD");
        PushMessage m = PushMessage.from(fields);
        assertEquals("o1", m.fromUserName());
        assertEquals("QUJD", m.encrypt());
    }

    private PushMessage message(String xml) throws MalformedPushException {
        return PushMessage.from(parser.parse(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> event(String event, String eventKey) {
        Map<String, String> fields = new HashMap<>();
        fields.put("ToUserName", "gh_1");
        fields.put("FromUserName", "o1");
        fields.put("CreateTime", "100");
        fields.put("MsgType", "event");
        fields.put("Event", event);
        if (eventKey != null) {
            fields.put("EventKey", eventKey);
        }
        return fields;
    }
}
