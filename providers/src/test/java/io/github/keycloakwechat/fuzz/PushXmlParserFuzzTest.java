package io.github.keycloakwechat.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.keycloakwechat.message.MalformedPushException;
import io.github.keycloakwechat.message.PushMessage;
import io.github.keycloakwechat.message.PushXmlParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * The push body parser and the typed view built from it, on any bytes: either a map of WeChat's flat shape and a
 * {@link PushMessage} that keeps its documented promises, or {@link MalformedPushException} with a fixed phrase that
 * never quotes the (attacker-controlled) body. Anything else thrown, or a hang, is a finding.
 */
class PushXmlParserFuzzTest {

    /** The parser's messages: a fixed phrase, optionally with a position; never a piece of the body. */
    private static final Pattern FIXED_PHRASE = Pattern.compile(
            "[A-Za-z0-9 <>-]{1,40}( at line -?\\d+, column -?\\d+)?");
    private static final PushXmlParser PARSER = new PushXmlParser();

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    @DictionaryEntries({"<xml>", "</xml>", "<![CDATA[", "]]>", "<ToUserName>", "</ToUserName>", "<FromUserName>",
            "</FromUserName>", "<CreateTime>", "</CreateTime>", "<MsgType>", "</MsgType>", "<Event>", "</Event>",
            "<EventKey>", "</EventKey>", "<Ticket>", "</Ticket>", "<MsgId>", "</MsgId>", "<Encrypt>", "</Encrypt>",
            "event", "subscribe", "SCAN", "qrscene_", "<!DOCTYPE", "<!ENTITY", "SYSTEM", "&amp;", "&#x", "<?xml",
            "encoding=\"UTF-16\"", "\uFEFF", "<!--", "-->"})
    void parse(byte[] body) {
        Map<String, String> fields;
        try {
            fields = PARSER.parse(body);
        } catch (MalformedPushException e) {
            assertFixedPhrase(e);
            return;
        }
        assertTrue(fields.size() <= 64, "more than 64 fields");
        fields.forEach((name, value) -> {
            assertNotNull(name);
            assertFalse(name.isEmpty(), "empty element name");
            assertNotNull(value);
            assertTrue(value.getBytes(StandardCharsets.UTF_8).length <= 8 * 1024, "value over 8 KiB");
        });
        assertThrows(UnsupportedOperationException.class, () -> fields.put("Encrypt", "forged"));

        PushMessage message;
        try {
            message = PushMessage.from(fields);
        } catch (MalformedPushException e) {
            assertFixedPhrase(e);
            return;
        }
        assertEquals(fields.get("ToUserName"), message.toUserName());
        assertFalse(message.toUserName().isEmpty());
        assertEquals(fields.get("Encrypt"), message.encrypt());
        assertEquals(fields.get("FromUserName"), message.fromUserName());
        assertEquals(fields.get("MsgType"), message.msgType());
        if (message.encrypt() == null) {
            assertFalse(message.fromUserName().isEmpty(), "a plaintext push without sender");
            assertFalse(message.msgType().isEmpty(), "a plaintext push without type");
        }
        assertTrue(message.createTime() >= 0, "negative CreateTime");
        if (message.isQrScan()) {
            assertNotNull(message.sceneValue(), "a QR scan without scene");
            assertTrue(message.isEvent());
        }
        assertNotNull(message.dedupKey());
    }

    private static void assertFixedPhrase(MalformedPushException e) {
        assertNotNull(e.getMessage());
        assertTrue(FIXED_PHRASE.matcher(e.getMessage()).matches(), () -> "message quotes input: " + e.getMessage());
    }
}
