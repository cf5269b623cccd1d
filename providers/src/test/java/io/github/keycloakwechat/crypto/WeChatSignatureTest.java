package io.github.keycloakwechat.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** WeChat's published worked example (wechat-vectors.md V1, Token AAAAA). */
class WeChatSignatureTest {

    private static final String TOKEN = "AAAAA";

    @Test
    void urlVerificationSignatureMatchesV1a() {
        assertEquals("f464b24fc39322e44b38aa78f5edd27bd1441696", WeChatSignature.sign(TOKEN, "1714036504", "1514711492"));
        assertTrue(WeChatSignature.matches("f464b24fc39322e44b38aa78f5edd27bd1441696", TOKEN, "1714036504", "1514711492"));
    }

    @Test
    void plainPostSignatureMatchesV1b() {
        assertEquals("899cf89e464efb63f54ddac96b0a0a235f53aa78", WeChatSignature.sign(TOKEN, "1714037059", "486452656"));
    }

    @Test
    void safeModeQuerySignaturesMatchV1c() {
        String encrypt = MessageCryptoTest.V1C_ENCRYPT;
        assertEquals("6c5c811b55cc85e0e1b54100749188c20beb3f5d", WeChatSignature.sign(TOKEN, "1714112445", "415670741"));
        assertEquals("046e02f8204d34f8ba5fa3b1db94908f3df2e9b3",
                WeChatSignature.sign(TOKEN, "1714112445", "415670741", encrypt));
    }

    @Test
    void argumentOrderDoesNotMatterAndCallerArrayIsUntouched() {
        String[] parts = {"1714036504", "AAAAA", "1514711492"};
        assertEquals("f464b24fc39322e44b38aa78f5edd27bd1441696", WeChatSignature.sign(parts));
        assertArrayEquals(new String[] {"1714036504", "AAAAA", "1514711492"}, parts);
    }

    @Test
    void nullPartCountsAsEmpty() {
        assertEquals(WeChatSignature.sign(TOKEN, "", "1"), WeChatSignature.sign(TOKEN, null, "1"));
        assertEquals("da39a3ee5e6b4b0d3255bfef95601890afd80709", WeChatSignature.sign()); // sha1("")
    }

    @Test
    void rejectsWrongMissingOrBlankSignature() {
        assertFalse(WeChatSignature.matches("f464b24fc39322e44b38aa78f5edd27bd1441697", TOKEN, "1714036504", "1514711492"));
        assertFalse(WeChatSignature.matches("f464b24fc39322e44b38aa78f5edd27bd14416", TOKEN, "1714036504", "1514711492"));
        assertFalse(WeChatSignature.matches(null, TOKEN, "1714036504", "1514711492"));
        assertFalse(WeChatSignature.matches("", TOKEN, "1714036504", "1514711492"));
        assertFalse(WeChatSignature.matches("   "));
        // The signature over other values (e.g. another timestamp) must not be accepted.
        assertFalse(WeChatSignature.matches("f464b24fc39322e44b38aa78f5edd27bd1441696", TOKEN, "1714036505", "1514711492"));
    }

    @Test
    void toleratesUppercaseHex() {
        assertTrue(WeChatSignature.matches("F464B24FC39322E44B38AA78F5EDD27BD1441696", TOKEN, "1714036504", "1514711492"));
    }

    @Test
    void concatenationIsUnseparated() {
        // sort(["b","a"]) concatenated is "ab"; a separator would change the digest.
        assertEquals(WeChatSignature.sign("ab"), WeChatSignature.sign("b", "a"));
        assertNotEquals(WeChatSignature.sign("a", "b"), WeChatSignature.sign("a b"));
    }
}
