package io.github.keycloakwechat.it;

import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.Chromium;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.KeycloakTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real browser path works: headless Chromium reaches a realm's login page through the account console. */
@KeycloakTest
class ChromiumSmokeIT {

    @Test
    void theAccountConsoleLeadsToTheLoginForm(KeycloakServer server, AdminClient admin) throws Exception {
        String realm = "chromium-smoke-" + UUID.randomUUID().toString().substring(0, 8);
        try (AdminClient.TemporaryRealm ignored = admin.createTemporaryRealm(
                admin.object().put("realm", realm).put("enabled", true));
             Chromium chromium = Chromium.start()) {

            // The account console is a JavaScript app; it sends the browser on to the login page.
            chromium.open(server.realmUrl(realm) + "/account");
            WebElement username = chromium.await(By.id("username"));
            Path screenshot = chromium.screenshot("chromium-smoke-login");

            assertTrue(username.isDisplayed(), "the username field is not visible");
            assertTrue(chromium.driver().getCurrentUrl().startsWith(server.realmUrl(realm) + "/protocol/openid-connect/auth"),
                    "not the realm's login page: " + chromium.driver().getCurrentUrl());
            assertTrue(chromium.driver().findElement(By.id("kc-form-login")).isDisplayed(), "no login form");
            assertTrue(Files.size(screenshot) > 1000, "empty screenshot " + screenshot);
        }
    }
}
