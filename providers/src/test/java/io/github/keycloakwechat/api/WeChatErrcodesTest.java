package io.github.keycloakwechat.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeChatErrcodesTest {

    private static WeChatApiException of(int errcode, String errmsg) {
        return WeChatErrcodes.TABLE.toException(errcode, errmsg);
    }

    @ParameterizedTest
    @ValueSource(ints = {40001, 40014, 42001})
    void tokenErrorsTriggerRefresh(int errcode) {
        assertSame(InvalidAccessTokenException.class, of(errcode, "x").getClass());
    }

    @ParameterizedTest
    @ValueSource(ints = {40029, 40163, 42003, 41008})
    void codeErrorsMeanStartAgain(int errcode) {
        assertSame(InvalidOAuthCodeException.class, of(errcode, "x").getClass());
    }

    @ParameterizedTest
    @ValueSource(ints = {40002, 40013, 40125, 40164, 40243, 41002, 41004, 48001, 61004, 89501, 89503, 89506, 89507})
    void configurationErrorsAreForTheAdmin(int errcode) {
        WeChatApiException e = of(errcode, "x");
        assertSame(WeChatConfigurationException.class, e.getClass());
    }

    @Test
    void quotaAndFrequencyLimitsAreRateLimits() {
        assertSame(RateLimitedException.class, of(45011, "x").getClass());
        assertSame(RateLimitedException.class, of(45033, "x").getClass());
        assertSame(RateLimitedException.class, of(45009, "x").getClass());
    }

    @Test
    void systemBusyIsUnavailableNotRateLimited() {
        WeChatApiException e = of(-1, "system error");
        assertSame(WeChatUnavailableException.class, e.getClass());
        assertEquals(-1, e.errcode());
    }

    @Test
    void unknownCodesStayPlainAndKeepErrcodeAndErrmsg() {
        String errmsg = "invalid openid rid: 6523a1b2-0f1e2d3c-4b5a6978";
        WeChatApiException e = of(40003, errmsg);
        assertSame(WeChatApiException.class, e.getClass());
        assertEquals(40003, e.errcode());
        assertEquals(errmsg, e.errmsg());
        assertTrue(e.getMessage().contains("40003") && e.getMessage().contains(errmsg), e.getMessage());
    }
}
