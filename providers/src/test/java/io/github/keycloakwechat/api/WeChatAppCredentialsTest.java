package io.github.keycloakwechat.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WeChatAppCredentialsTest {

    @Test
    void defaultsToTheProductionHostAndStripsTrailingSlashes() {
        assertEquals("https://api.weixin.qq.com", new WeChatAppCredentials(null, "wx1", "s").apiBaseUrl());
        assertEquals("https://api.weixin.qq.com", new WeChatAppCredentials(" ", "wx1", "s").apiBaseUrl());
        WeChatAppCredentials sandbox = new WeChatAppCredentials("http://localhost:8089/wechat//", "wx1", "s");
        assertEquals("http://localhost:8089/wechat", sandbox.apiBaseUrl());
        assertEquals("http://localhost:8089/wechat/cgi-bin/stable_token", sandbox.url("/cgi-bin/stable_token"));
    }

    @Test
    void toStringNeverShowsTheSecret() {
        WeChatAppCredentials app = new WeChatAppCredentials(null, "wx-app-id", "top-secret-value");
        String text = app.toString();
        assertFalse(text.contains("top-secret-value"), text);
        assertTrue(text.contains("wx-app-id"), text);
    }

    @Test
    void rejectsMissingIdSecretOrBadUrl() {
        assertThrows(IllegalArgumentException.class, () -> new WeChatAppCredentials(null, "", "s"));
        assertThrows(IllegalArgumentException.class, () -> new WeChatAppCredentials(null, "wx1", null));
        assertThrows(IllegalArgumentException.class, () -> new WeChatAppCredentials("ftp://x", "wx1", "s"));
        assertThrows(IllegalArgumentException.class, () -> new WeChatAppCredentials("https://a b", "wx1", "s"));
    }
}
