package io.github.keycloakwechat.bench.push;

import io.github.keycloakwechat.crypto.MessageCrypto;
import io.github.keycloakwechat.crypto.WeChatCryptoException;
import io.github.keycloakwechat.crypto.WeChatSignature;
import java.nio.charset.StandardCharsets;

/**
 * One push as WeChat sends it to an Official Account's server URL: a QR-code scan event from a follower, signed with
 * the Token and, in safe mode, sealed for the AppID with the EncodingAESKey. Both implementations receive exactly these
 * bytes and query parameters; the text they reply with is the same too.
 */
final class PushInputs {

    static final String TOKEN = "pushToken2026";
    static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String APP_ID = "wx1a2b3c4d5e6f7a8b";
    static final String ACCOUNT = "gh_0123456789ab";
    static final String OPENID = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M";
    static final String SCENE = "Zk3v9QbT1xW7yLm2Rc8NpA5sHd4GjE0u";
    static final String TICKET = "gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==";
    /** The push's timestamp; this project's envelope runs on a clock fixed at it, so the push is always fresh. */
    static final long TIMESTAMP = 1_764_500_000L;
    static final String NONCE = "1357924680";
    static final String REPLY_TEXT = "扫码成功，请回到网页继续登录。";
    /** Fixed so the inputs are the same in every run; WeChat's own prefix is random. */
    private static final byte[] RANDOM16 = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    final boolean encrypted;
    final String timestamp = Long.toString(TIMESTAMP);
    final String nonce = NONCE;
    final String signature;
    /** "aes" in safe mode, null in plain mode (WeChat sends no encrypt_type then). */
    final String encryptType;
    /** null in plain mode. */
    final String msgSignature;
    final byte[] body;

    private PushInputs(boolean encrypted, String signature, String encryptType, String msgSignature, byte[] body) {
        this.encrypted = encrypted;
        this.signature = signature;
        this.encryptType = encryptType;
        this.msgSignature = msgSignature;
        this.body = body;
    }

    /** @param mode "plain" (明文) or "safe" (安全模式) */
    static PushInputs of(String mode) {
        String ts = Long.toString(TIMESTAMP);
        String signature = WeChatSignature.sign(TOKEN, ts, NONCE);
        switch (mode) {
            case "plain":
                return new PushInputs(false, signature, null, null, utf8(scanEvent()));
            case "safe":
                String encrypt;
                try {
                    encrypt = new MessageCrypto(TOKEN, AES_KEY, APP_ID).encrypt(scanEvent(), ts, NONCE, RANDOM16).encrypt();
                } catch (WeChatCryptoException e) {
                    throw new IllegalStateException(e);
                }
                String envelope = "<xml>\n"
                        + "<ToUserName><![CDATA[" + ACCOUNT + "]]></ToUserName>\n"
                        + "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt>\n"
                        + "</xml>";
                return new PushInputs(true, signature, "aes", WeChatSignature.sign(TOKEN, ts, NONCE, encrypt),
                        utf8(envelope));
            default:
                throw new IllegalArgumentException("mode must be plain or safe: " + mode);
        }
    }

    /** WeChat's SCAN event (a follower scanned a parametric QR code), laid out as WeChat's documentation shows it. */
    static String scanEvent() {
        return "<xml>\n"
                + "<ToUserName><![CDATA[" + ACCOUNT + "]]></ToUserName>\n"
                + "<FromUserName><![CDATA[" + OPENID + "]]></FromUserName>\n"
                + "<CreateTime>" + TIMESTAMP + "</CreateTime>\n"
                + "<MsgType><![CDATA[event]]></MsgType>\n"
                + "<Event><![CDATA[SCAN]]></Event>\n"
                + "<EventKey><![CDATA[" + SCENE + "]]></EventKey>\n"
                + "<Ticket><![CDATA[" + TICKET + "]]></Ticket>\n"
                + "</xml>";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
