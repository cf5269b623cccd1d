package io.github.keycloakwechat.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushXmlParserTest {

    /** Protocol digest A6: a non-follower scans a parametric QR code and follows. */
    static final String SUBSCRIBE = """
            <xml><ToUserName><![CDATA[toUser]]></ToUserName>
            <FromUserName><![CDATA[FromUser]]></FromUserName>
            <CreateTime>123456789</CreateTime>
            <MsgType><![CDATA[event]]></MsgType>
            <Event><![CDATA[subscribe]]></Event>
            <EventKey><![CDATA[qrscene_123123]]></EventKey>
            <Ticket><![CDATA[TICKET]]></Ticket></xml>""";

    /** Protocol digest A6: a follower scans. */
    static final String SCAN = """
            <xml><ToUserName><![CDATA[toUser]]></ToUserName>
            <FromUserName><![CDATA[FromUser]]></FromUserName>
            <CreateTime>123456789</CreateTime>
            <MsgType><![CDATA[event]]></MsgType>
            <Event><![CDATA[SCAN]]></Event>
            <EventKey><![CDATA[SCENE_VALUE]]></EventKey>
            <Ticket><![CDATA[TICKET]]></Ticket></xml>""";

    private final PushXmlParser parser = new PushXmlParser();

    @Test
    void parsesSubscribeEvent() throws Exception {
        Map<String, String> fields = parse(SUBSCRIBE);
        assertEquals(List.of("ToUserName", "FromUserName", "CreateTime", "MsgType", "Event", "EventKey", "Ticket"),
                List.copyOf(fields.keySet()));
        assertEquals("toUser", fields.get("ToUserName"));
        assertEquals("FromUser", fields.get("FromUserName"));
        assertEquals("123456789", fields.get("CreateTime"));
        assertEquals("event", fields.get("MsgType"));
        assertEquals("subscribe", fields.get("Event"));
        assertEquals("qrscene_123123", fields.get("EventKey"));
        assertEquals("TICKET", fields.get("Ticket"));
    }

    @Test
    void parsesScanEvent() throws Exception {
        Map<String, String> fields = parse(SCAN);
        assertEquals("SCAN", fields.get("Event"));
        assertEquals("SCENE_VALUE", fields.get("EventKey"));
    }

    @Test
    void keepsUnknownElementsAndDecodesTextForms() throws Exception {
        Map<String, String> fields = parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- hi --><xml>"
                + "<AgentID>1000002</AgentID><Foo><![CDATA[bar <b>]]></Foo><Amp>a&amp;b&#20320;</Amp><Empty/>"
                + "<Mixed>x<![CDATA[y]]>z</Mixed></xml>");
        assertEquals(Map.of("AgentID", "1000002", "Foo", "bar <b>", "Amp", "a&b你", "Empty", "", "Mixed", "xyz"),
                fields);
    }

    @Test
    void rejectsExternalEntityWithoutReadingTheFile() throws Exception {
        Path passwd = Path.of("/etc/passwd");
        assumeTrue(Files.isReadable(passwd));
        String secret = Files.readAllLines(passwd).get(0);
        String[] attacks = {
            "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                    + "<xml><ToUserName>&xxe;</ToUserName></xml>",
            "<!DOCTYPE xml [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><xml><A>1</A></xml>",
            "<!DOCTYPE xml SYSTEM \"file:///etc/passwd\"><xml><A>1</A></xml>",
        };
        for (String attack : attacks) {
            MalformedPushException e = assertThrows(MalformedPushException.class, () -> parse(attack));
            assertFalse(stackTrace(e).contains(secret), "file content leaked into the exception");
        }
    }

    @Test
    void rejectsUndeclaredEntityReference() {
        assertThrows(MalformedPushException.class, () -> parse("<xml><A>&xxe;</A></xml>"));
    }

    @Test
    void rejectsBillionLaughsQuickly() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE xml [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            String prev = "&lol" + (i - 1) + ";";
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(prev.repeat(10)).append("\">");
        }
        String bomb = dtd + "]><xml><A>&lol9;</A></xml>";
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(MalformedPushException.class, () -> parse(bomb)));
    }

    @Test
    void rejectsDoctypeAlone() {
        MalformedPushException e = assertThrows(MalformedPushException.class,
                () -> parse("<!DOCTYPE xml><xml><A>1</A></xml>"));
        assertEquals("DOCTYPE not allowed", e.getMessage());
    }

    @Test
    void rejectsOversizedBody() throws Exception {
        String small = "<xml><A>" + "x".repeat(100 - 18) + "</A></xml>";
        assertEquals(100, small.length());
        assertEquals(1, new PushXmlParser(100).parse(bytes(small)).size());
        MalformedPushException e = assertThrows(MalformedPushException.class,
                () -> new PushXmlParser(99).parse(bytes(small)));
        assertEquals("body too large", e.getMessage());

        byte[] big = new byte[PushXmlParser.DEFAULT_MAX_BYTES + 1];
        assertEquals("body too large", assertThrows(MalformedPushException.class, () -> parser.parse(big)).getMessage());
    }

    @Test
    void rejectsMalformedXml() {
        for (String bad : new String[] {"", "success", "{\"ToUserName\":\"x\"}", "<xml><A>1</xml>", "<xml><A>1</A>",
                "<xml><A>1</A></xml><xml/>", "<xml><A>1</A></xml>trailing", "<xml><a:A>1</a:A></xml>"}) {
            assertThrows(MalformedPushException.class, () -> parse(bad), bad);
        }
        assertThrows(MalformedPushException.class, () -> parser.parse(null));
    }

    @Test
    void rejectsOtherRoot() {
        assertThrows(MalformedPushException.class, () -> parse("<root><A>1</A></root>"));
        assertThrows(MalformedPushException.class, () -> parse("<XML><A>1</A></XML>"));
    }

    @Test
    void rejectsNestedElements() {
        assertThrows(MalformedPushException.class, () -> parse("<xml><A><B>1</B></A></xml>"));
        assertThrows(MalformedPushException.class, () -> parse("<xml><A>1<B/></A></xml>"));
    }

    @Test
    void rejectsTextDirectlyInRootButAllowsWhitespace() throws Exception {
        assertThrows(MalformedPushException.class, () -> parse("<xml>junk<A>1</A></xml>"));
        assertEquals(Map.of("A", "1"), parse("<xml>\n  <A>1</A>\r\n</xml>\n"));
    }

    @Test
    void rejectsDuplicateFields() {
        // Otherwise the Encrypt that was signed and the Encrypt that gets used could differ.
        assertThrows(MalformedPushException.class, () -> parse("<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>"));
    }

    @Test
    void limitsChildCount() throws Exception {
        assertEquals(64, parse(children(64)).size());
        assertThrows(MalformedPushException.class, () -> parse(children(65)));
    }

    @Test
    void limitsValueSize() throws Exception {
        assertEquals(8192, parse("<xml><A>" + "x".repeat(8192) + "</A></xml>").get("A").length());
        assertThrows(MalformedPushException.class, () -> parse("<xml><A>" + "x".repeat(8193) + "</A></xml>"));
        // The limit is in UTF-8 bytes: 2731 three-byte characters exceed 8 KiB.
        assertThrows(MalformedPushException.class, () -> parse("<xml><A>" + "中".repeat(2731) + "</A></xml>"));
    }

    @Test
    void resultIsUnmodifiable() throws Exception {
        Map<String, String> fields = parse(SCAN);
        assertThrows(UnsupportedOperationException.class, () -> fields.put("Event", "subscribe"));
    }

    /** A fuzzing finding: the JDK reader threw MissingResourceException (key InvalidCharInDTD) for this body. */
    @Test
    void aBrokenDoctypeTheJdkCannotDescribeIsMalformedToo() {
        MalformedPushException e = assertThrows(MalformedPushException.class, () -> parse(
                "<?xml version=\"1.0\"?><!DOCTYPE xml [\u0000ame\">]><xml><ToUserName>&who;</ToUserName></xml>"));
        assertEquals("malformed XML", e.getMessage());
    }

    @Test
    void exceptionDoesNotQuoteTheBody() {
        MalformedPushException e = assertThrows(MalformedPushException.class,
                () -> parse("<xml><Secret>oPENID-12345</Secret><Broken></xml>"));
        assertFalse(e.getMessage().contains("oPENID-12345"));
        assertTrue(e.getMessage().startsWith("malformed XML"));
    }

    @Test
    void acceptsUtf8WithBomAndRejectsOtherBytes() throws Exception {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] xml = bytes("<xml><A>你好</A></xml>");
        byte[] withBom = java.util.Arrays.copyOf(bom, bom.length + xml.length);
        System.arraycopy(xml, 0, withBom, bom.length, xml.length);
        assertEquals(Map.of("A", "你好"), parser.parse(withBom));
        MalformedPushException e = assertThrows(MalformedPushException.class, () -> parser.parse(new byte[] {
            '<', 'x', 'm', 'l', '>', (byte) 0xff, (byte) 0xfe, '<', '/', 'x', 'm', 'l', '>'}));
        assertEquals("body is not UTF-8", e.getMessage());
    }

    @Test
    void hostileBytesOnlyEverYieldMalformedPushException() {
        // Mutated copies of a real push: each parses or is refused, never escapes as another exception type.
        java.util.Random random = new java.util.Random(42);
        byte[] original = bytes(SUBSCRIBE);
        for (int round = 0; round < 2000; round++) {
            byte[] mutated = original.clone();
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            try {
                parser.parse(mutated);
            } catch (MalformedPushException expected) {
                // refused: fine
            }
        }
    }

    private static String children(int count) {
        StringBuilder xml = new StringBuilder("<xml>");
        for (int i = 0; i < count; i++) {
            xml.append("<F").append(i).append(">v</F").append(i).append('>');
        }
        return xml.append("</xml>").toString();
    }

    private Map<String, String> parse(String xml) throws MalformedPushException {
        return parser.parse(bytes(xml));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
