package io.github.keycloakwechat.it;

import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the extension installed, an ordinary OIDC application still signs a user in with a password (authorization
 * code + PKCE), and the ID token names that user.
 */
@KeycloakTest
class PasswordLoginStillWorksIT {

    @Test
    void anAppSignsInAUserWithAPassword(KeycloakServer server, AdminClient admin) {
        String realm = "password-login-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + UUID.randomUUID();
        try (AdminClient.TemporaryRealm ignored = admin.createTemporaryRealm(
                admin.object().put("realm", realm).put("enabled", true))) {
            admin.createClient(realm, OidcClientFlow.publicClientRepresentation("test-app", OidcClientFlow.DEFAULT_REDIRECT_URI));
            String userId = admin.createUserWithPassword(realm, "alice", password);
            OidcClientFlow app = new OidcClientFlow(server.baseUrl(), realm, "test-app", OidcClientFlow.DEFAULT_REDIRECT_URI);
            HttpBrowser browser = new HttpBrowser();

            OidcClientFlow.AuthorizationRequest request = app.newAuthorizationRequest();
            HttpBrowser.Page login = browser.followRedirects(browser.get(request.uri()));
            assertEquals(200, login.status(), login::toString);
            HttpBrowser.Page callback = browser.followRedirects(
                    browser.submit(login.form("#kc-form-login"), Map.of("username", "alice", "password", password)),
                    app::isCallback);

            assertTrue(callback.isRedirect() && app.isCallback(callback.location()),
                    () -> "expected a redirect to the app, got " + callback + "\n" + callback.body());
            OidcClientFlow.Tokens tokens = app.finish(request, callback.location());
            assertEquals("alice", tokens.idTokenClaims().path("preferred_username").asText());
            assertEquals(userId, tokens.idTokenClaims().path("sub").asText());
        }
    }
}
