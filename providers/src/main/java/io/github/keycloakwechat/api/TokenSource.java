package io.github.keycloakwechat.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a product hands out its server access token: {@code cgi-bin/stable_token} for WeChat ({@link StableTokenSource}),
 * {@code cgi-bin/gettoken} with corpid and corpsecret for WeCom. {@link AccessTokenCache} decides when to fetch.
 */
@FunctionalInterface
public interface TokenSource {

    FetchedToken fetch(WeChatHttp http, WeChatAppCredentials app) throws WeChatApiException;

    /** A token as the product answered it; {@code toString} hides the value. */
    record FetchedToken(String value, long expiresInSeconds) {

        /** Reads the two fields every product names the same, refusing an answer without them. */
        public static FetchedToken from(JsonNode answer, String what)
                throws WeChatUnavailableException {
            String token = answer.path("access_token").asText("");
            long expiresIn = answer.path("expires_in").asLong(0);
            if (token.isEmpty() || expiresIn <= 0) {
                throw new WeChatUnavailableException(what + " answered without a token");
            }
            return new FetchedToken(token, expiresIn);
        }

        @Override
        public String toString() {
            return "FetchedToken[value=***, expiresInSeconds=" + expiresInSeconds + "]";
        }
    }
}
