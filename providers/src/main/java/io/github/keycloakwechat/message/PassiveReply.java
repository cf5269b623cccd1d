package io.github.keycloakwechat.message;

import java.util.Objects;

/**
 * Passive replies: the XML returned as the HTTP response to a push, shown to the user in the chat.
 * In safe mode the result is the plaintext handed to {@code MessageCrypto.encrypt}.
 */
public final class PassiveReply {

    private PassiveReply() {
    }

    /**
     * The passive text reply XML (plain mode). CDATA-safe: a "]]>" inside content is split across CDATA
     * sections, and characters XML 1.0 cannot carry are dropped, so no content can break the reply.
     *
     * @param toUser            the user's OpenID (the push's FromUserName)
     * @param fromUser          the account's gh_ id (the push's ToUserName)
     * @param createTimeSeconds unix seconds
     */
    public static String text(String toUser, String fromUser, long createTimeSeconds, String content) {
        Objects.requireNonNull(toUser, "toUser");
        Objects.requireNonNull(fromUser, "fromUser");
        Objects.requireNonNull(content, "content");
        return "<xml>"
                + "<ToUserName>" + cdata(toUser) + "</ToUserName>"
                + "<FromUserName>" + cdata(fromUser) + "</FromUserName>"
                + "<CreateTime>" + createTimeSeconds + "</CreateTime>"
                + "<MsgType><![CDATA[text]]></MsgType>"
                + "<Content>" + cdata(content) + "</Content>"
                + "</xml>";
    }

    static String cdata(String value) {
        return "<![CDATA[" + xmlChars(value).replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }

    /** Drops control characters and lone surrogates, which would make the whole reply ill-formed. */
    private static String xmlChars(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().filter(PassiveReply::isXmlChar).forEach(out::appendCodePoint);
        return out.toString();
    }

    private static boolean isXmlChar(int c) {
        return c == 0x9 || c == 0xA || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
