package io.github.keycloakwechat.api;

import java.net.URI;

/**
 * Which WeChat account an API call acts for.
 *
 * <p>The base URL is part of the identity rather than a global setting so that one Keycloak can talk to
 * the real API for one realm and to the sandbox (or an egress proxy) for another. It is normalised once
 * here so that callers can always write {@code apiBaseUrl() + "/cgi-bin/..."} and so that the token cache
 * does not see {@code "https://x"} and {@code "https://x/"} as two accounts.
 *
 * <p>{@link #toString()} never prints the secret: records print every component by default, and
 * credentials end up in log lines and exception messages more often than anyone intends.
 */
public record WeChatAppCredentials(String apiBaseUrl, String appId, String appSecret) {

    /** The production API host. */
    public static final String DEFAULT_API_BASE_URL = "https://api.weixin.qq.com";

    public WeChatAppCredentials {
        apiBaseUrl = normalizeBaseUrl(apiBaseUrl);
        if (appId == null || appId.isBlank()) {
            throw new IllegalArgumentException("WeChat AppID is required");
        }
        if (appSecret == null || appSecret.isBlank()) {
            throw new IllegalArgumentException("WeChat AppSecret is required");
        }
        appId = appId.trim();
        appSecret = appSecret.trim();
    }

    /** {@code path} must start with '/'; e.g. {@code url("/cgi-bin/stable_token")}. */
    public String url(String path) {
        return apiBaseUrl + path;
    }

    @Override
    public String toString() {
        return "WeChatAppCredentials[apiBaseUrl=" + apiBaseUrl + ", appId=" + appId + ", appSecret=***]";
    }

    private static String normalizeBaseUrl(String url) {
        if (url == null || url.isBlank()) {
            return DEFAULT_API_BASE_URL;
        }
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (!trimmed.startsWith("https://") && !trimmed.startsWith("http://")) {
            throw new IllegalArgumentException("WeChat API base URL must start with https:// or http://");
        }
        try {
            // Fail here, where the message may quote the URL, rather than later when a secret is appended.
            URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("WeChat API base URL is not a valid URL: " + trimmed, e);
        }
        return trimmed;
    }
}
