package io.github.keycloakwechat.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat's message encryption (Tencent's WXBizMsgCrypt format), shared by Official Accounts, Mini Programs,
 * the Open Platform and WeCom; only the receive id (AppID, CorpID, SuiteID or "") differs.
 *
 * <p>Layout: {@code base64(AES-256-CBC(random16 || uint32_be(len) || msg || receiveId || pkcs7_32))} with
 * IV = first 16 key bytes. The scheme has no MAC: integrity comes only from {@code msg_signature}, which is
 * why {@link #decrypt} checks it before touching the ciphertext.
 *
 * <p>Immutable and thread-safe: a {@link Cipher} is created per call. To rotate the EncodingAESKey, hold one
 * instance per key and try the previous one when the current one fails.
 */
public final class MessageCrypto {

    private static final Pattern ENCODING_AES_KEY = Pattern.compile("[a-zA-Z0-9]{43}");
    private static final String TRANSFORMATION = "AES/CBC/NoPadding";
    private static final int RANDOM_LENGTH = 16;
    private static final int HEADER_LENGTH = RANDOM_LENGTH + 4;

    private final String token;
    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final String receiveId;
    private final byte[] receiveIdBytes;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param token          the push token configured in the WeChat console (signs every message)
     * @param encodingAesKey the 43-character EncodingAESKey; non-canonical trailing base64 bits are tolerated
     *                       because some keys WeChat issued have them
     * @param receiveId      AppID, CorpID or SuiteID that must close every plaintext ("" for WeCom robots)
     * @throws WeChatCryptoException {@link WeChatCryptoException#ILLEGAL_AES_KEY} for a malformed key
     */
    public MessageCrypto(String token, String encodingAesKey, String receiveId) throws WeChatCryptoException {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(receiveId, "receiveId");
        if (token.isBlank()) {
            // A blank token would make every signature computable by anyone.
            throw new IllegalArgumentException("token must not be blank");
        }
        if (encodingAesKey == null || !ENCODING_AES_KEY.matcher(encodingAesKey).matches()) {
            throw new WeChatCryptoException(WeChatCryptoException.ILLEGAL_AES_KEY,
                    "EncodingAESKey must be 43 characters of [a-zA-Z0-9]");
        }
        byte[] raw = Base64.getDecoder().decode(encodingAesKey + "="); // java.util.Base64 ignores trailing bits
        if (raw.length != 32) {
            throw new WeChatCryptoException(WeChatCryptoException.ILLEGAL_AES_KEY,
                    "EncodingAESKey must decode to 32 bytes");
        }
        this.token = token;
        this.key = new SecretKeySpec(raw, "AES");
        this.iv = new IvParameterSpec(Arrays.copyOf(raw, 16));
        this.receiveId = receiveId;
        this.receiveIdBytes = receiveId.getBytes(StandardCharsets.UTF_8);
        Arrays.fill(raw, (byte) 0);
    }

    /** The AppID / CorpID / SuiteID this instance expects at the end of every plaintext. */
    public String receiveId() {
        return receiveId;
    }

    /**
     * Verifies msg_signature = sha1(sort(token,timestamp,nonce,encrypt)) in constant time, then decrypts;
     * returns the inner message (UTF-8). Also the way to answer WeCom's encrypted {@code echostr}, which is
     * signed the same way.
     *
     * @throws WeChatCryptoException {@link WeChatCryptoException#VALIDATE_SIGNATURE} before any decryption
     *                               when the signature does not match, otherwise as {@link #decryptUnverified}
     */
    public String decrypt(String msgSignature, String timestamp, String nonce, String encrypt)
            throws WeChatCryptoException {
        if (!WeChatSignature.matches(msgSignature, token, timestamp, nonce, encrypt)) {
            throw new WeChatCryptoException(WeChatCryptoException.VALIDATE_SIGNATURE, "msg_signature mismatch");
        }
        return decryptUnverified(encrypt);
    }

    /**
     * Decrypts without checking any signature. Only for callers that have authenticated the ciphertext some
     * other way, and for tests: CBC without a MAC is malleable, and distinct errors for bad padding versus a
     * bad tail form a padding oracle if they reach an unauthenticated caller.
     */
    public String decryptUnverified(String encrypt) throws WeChatCryptoException {
        if (encrypt == null || encrypt.isEmpty()) {
            throw new WeChatCryptoException(WeChatCryptoException.DECODE_BASE64, "missing ciphertext");
        }
        byte[] cipherText;
        try {
            cipherText = Base64.getDecoder().decode(encrypt);
        } catch (IllegalArgumentException e) {
            throw new WeChatCryptoException(WeChatCryptoException.DECODE_BASE64, "ciphertext is not base64");
        }
        if (cipherText.length == 0 || cipherText.length % 16 != 0) {
            throw new WeChatCryptoException(WeChatCryptoException.DECRYPT_AES,
                    "ciphertext length is not a multiple of the AES block");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, iv);
            plain = cipher.doFinal(cipherText);
        } catch (GeneralSecurityException e) {
            throw new WeChatCryptoException(WeChatCryptoException.DECRYPT_AES, "AES decryption failed", e);
        }
        try {
            return unwrap(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Encrypts {@code plaintext} for a reply, with a fresh random prefix from {@link SecureRandom}. */
    public EncryptedReply encrypt(String plaintext, String timestamp, String nonce) throws WeChatCryptoException {
        byte[] prefix = new byte[RANDOM_LENGTH];
        random.nextBytes(prefix);
        return encrypt(plaintext, timestamp, nonce, prefix);
    }

    /**
     * Encrypts with a caller-chosen 16-byte prefix. Deterministic, so published vectors can be reproduced;
     * production code uses {@link #encrypt(String, String, String)}.
     */
    public EncryptedReply encrypt(String plaintext, String timestamp, String nonce, byte[] random16)
            throws WeChatCryptoException {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(nonce, "nonce");
        if (random16 == null || random16.length != RANDOM_LENGTH) {
            throw new IllegalArgumentException("random prefix must be 16 bytes");
        }
        if (!survivesXml(timestamp) || !survivesXml(nonce)) {
            // They are signed and then written into the reply XML (the nonce is echoed from the push's URL): one that
            // XML cannot carry, or would change on reading, gives WeChat a reply it cannot read or verify.
            throw new WeChatCryptoException(WeChatCryptoException.COMPUTE_SIGNATURE,
                    "timestamp or nonce cannot be carried in the reply XML");
        }
        byte[] msg = plaintext.getBytes(StandardCharsets.UTF_8);
        ByteBuffer full = ByteBuffer.allocate(HEADER_LENGTH + msg.length + receiveIdBytes.length);
        full.put(random16).putInt(msg.length).put(msg).put(receiveIdBytes);
        byte[] padded = Pkcs7.pad(full.array());
        String encrypt;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, iv);
            encrypt = Base64.getEncoder().encodeToString(cipher.doFinal(padded));
        } catch (GeneralSecurityException e) {
            throw new WeChatCryptoException(WeChatCryptoException.ENCRYPT_AES, "AES encryption failed", e);
        } finally {
            Arrays.fill(padded, (byte) 0);
            Arrays.fill(full.array(), (byte) 0);
        }
        return new EncryptedReply(encrypt, WeChatSignature.sign(token, timestamp, nonce, encrypt), timestamp, nonce);
    }

    /**
     * Whether XML 1.0 reads {@code value} back unchanged: only characters it allows (no control characters, no lone
     * surrogates, no U+FFFE/U+FFFF), and no carriage return, which XML parsers turn into a line feed. Found by fuzzing
     * (docs/fuzzing.md): a nonce with U+0001 made the encrypted reply ill-formed.
     */
    private static boolean survivesXml(String value) {
        return value.codePoints().allMatch(c -> c == 0x9 || c == 0xA
                || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF));
    }

    /** Strips padding and the random prefix, checks the length field and the receive id tail. */
    private String unwrap(byte[] plain) throws WeChatCryptoException {
        int end = Pkcs7.unpaddedLength(plain);
        if (end < HEADER_LENGTH) {
            throw new WeChatCryptoException(WeChatCryptoException.ILLEGAL_BUFFER, "plaintext too short");
        }
        long msgLength = ByteBuffer.wrap(plain, RANDOM_LENGTH, 4).getInt() & 0xffffffffL;
        if (msgLength > end - HEADER_LENGTH) {
            throw new WeChatCryptoException(WeChatCryptoException.ILLEGAL_BUFFER, "message length out of range");
        }
        int msgEnd = HEADER_LENGTH + (int) msgLength;
        byte[] tail = Arrays.copyOfRange(plain, msgEnd, end);
        if (!MessageDigest.isEqual(tail, receiveIdBytes)) {
            throw new WeChatCryptoException(WeChatCryptoException.VALIDATE_APPID, "receive id mismatch");
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain, HEADER_LENGTH, (int) msgLength));
            return chars.toString();
        } catch (CharacterCodingException e) {
            // WeChat only sends UTF-8; anything else is corruption, not a message to act on.
            throw new WeChatCryptoException(WeChatCryptoException.ILLEGAL_BUFFER, "message is not UTF-8");
        }
    }
}
