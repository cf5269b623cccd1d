package io.github.keycloakwechat.crypto;

import java.util.Objects;

/**
 * An encrypted passive reply: the four fields WeChat expects back in safe (and optionally compatible) mode.
 *
 * @param encrypt      base64 ciphertext of the inner reply
 * @param msgSignature {@code sha1(sort(token, timeStamp, nonce, encrypt))}
 * @param timeStamp    unix seconds, as a string because it takes part in the signature verbatim
 * @param nonce        any string; it also takes part in the signature verbatim
 */
public record EncryptedReply(String encrypt, String msgSignature, String timeStamp, String nonce) {

    public EncryptedReply {
        Objects.requireNonNull(encrypt, "encrypt");
        Objects.requireNonNull(msgSignature, "msgSignature");
        Objects.requireNonNull(timeStamp, "timeStamp");
        Objects.requireNonNull(nonce, "nonce");
    }

    /** The XML response body. Values are written so that no input can break out of its element. */
    public String toXml() {
        return "<xml>"
                + "<Encrypt>" + cdata(encrypt) + "</Encrypt>"
                + "<MsgSignature>" + cdata(msgSignature) + "</MsgSignature>"
                + "<TimeStamp>" + escape(timeStamp) + "</TimeStamp>"
                + "<Nonce>" + cdata(nonce) + "</Nonce>"
                + "</xml>";
    }

    /** The nonce may be echoed from the request URL, so a "]]>" in it is split across two CDATA sections. */
    private static String cdata(String value) {
        return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
