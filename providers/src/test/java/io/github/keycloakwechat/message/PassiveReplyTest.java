package io.github.keycloakwechat.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.keycloakwechat.crypto.EncryptedReply;
import io.github.keycloakwechat.crypto.MessageCrypto;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PassiveReplyTest {

    private final PushXmlParser parser = new PushXmlParser();

    @Test
    void hasWeChatsTextReplyShape() {
        assertEquals("<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>"
                        + "<CreateTime>12345678</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                        + "<Content><![CDATA[你好]]></Content></xml>",
                PassiveReply.text("toUser", "fromUser", 12345678L, "你好"));
    }

    @Test
    void roundTripsChineseText() throws Exception {
        Map<String, String> fields = roundTrip("登录成功，欢迎回来！😀\n第二行");
        assertEquals("o9AgO5Kd5ggOC-bXrbNODIiE3bGY", fields.get("ToUserName"));
        assertEquals("gh_97417a04a28d", fields.get("FromUserName"));
        assertEquals("1714112445", fields.get("CreateTime"));
        assertEquals("text", fields.get("MsgType"));
        assertEquals("登录成功，欢迎回来！😀\n第二行", fields.get("Content"));
    }

    @Test
    void contentCannotCloseItsCdataSection() throws Exception {
        for (String content : new String[] {"a]]>b", "]]>", "]]>]]>", "]]]>>", "x]]></Content><MsgType>news</MsgType>"}) {
            Map<String, String> fields = roundTrip(content);
            assertEquals(content, fields.get("Content"));
            assertEquals("text", fields.get("MsgType"));
            assertEquals(5, fields.size());
        }
    }

    @Test
    void charactersXmlCannotCarryAreDropped() throws Exception {
        assertEquals("ab", roundTrip("a\u0000\u001b\uFFFEb").get("Content"));
    }

    @Test
    void safeModeReplySurvivesTheWholePipeline() throws Exception {
        MessageCrypto crypto = new MessageCrypto("AAAAA", "A".repeat(43), "wxba5fad812f8e6fb9");
        String reply = PassiveReply.text("o9AgO5Kd5ggOC-bXrbNODIiE3bGY", "gh_97417a04a28d", 1714112445L, "扫码成功 ]]> ok");
        EncryptedReply encrypted = crypto.encrypt(reply, "1714112445", "415670741");

        Map<String, String> envelope = parser.parse(encrypted.toXml().getBytes(StandardCharsets.UTF_8));
        String inner = crypto.decrypt(envelope.get("MsgSignature"), envelope.get("TimeStamp"), envelope.get("Nonce"),
                envelope.get("Encrypt"));
        assertEquals(reply, inner);
        assertEquals("扫码成功 ]]> ok", parser.parse(inner.getBytes(StandardCharsets.UTF_8)).get("Content"));
    }

    private Map<String, String> roundTrip(String content) throws MalformedPushException {
        String xml = PassiveReply.text("o9AgO5Kd5ggOC-bXrbNODIiE3bGY", "gh_97417a04a28d", 1714112445L, content);
        return parser.parse(xml.getBytes(StandardCharsets.UTF_8));
    }
}
