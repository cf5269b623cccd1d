package io.github.keycloakwechat.it.open;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakwechat.it.support.Chromium;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.QrDecoder;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.sandbox.SandboxApp;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A signed-in person binds and unbinds WeChat apps in Keycloak's own Account Console (Linked accounts): the website
 * login through WeChat's QR page, the Service Account through its QR page. A WeChat identity that belongs to someone
 * else is refused.
 */
@KeycloakTest
class AccountConsoleLinkingIT {

    private static final Duration CONSOLE = Duration.ofSeconds(40);

    @Test
    void bindBothAppsUnbindOneAndNeverBindSomeoneElsesWeChat(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("safe");
        SandboxApp website = realm.addWebsiteProvider(wechat.sandbox(), true, Map.of());
        String dave = wechat.admin().createUserWithPassword(realm.name(), "dave", "Passw0rd!");
        String websiteOpenid = wechat.sandbox().state().openidOf("alice", website.appId());
        String serviceAccountOpenid = wechat.openidOf("alice", realm);

        try (Chromium chromium = Chromium.start()) {
            openLinkedAccounts(chromium, wechat, realm, "dave");

            // The website app: WeChat's QR page, confirmed on the phone.
            startLinking(chromium, WeChatRealm.WEBSITE_ALIAS);
            chromium.await(By.id("confirm-alice")).click();
            awaitLinked(chromium, WeChatRealm.WEBSITE_ALIAS);

            // The Service Account: its own QR page, scanned with the phone.
            startLinking(chromium, WeChatRealm.ALIAS);
            String qr = QrDecoder.decodeDataUri(chromium.await(By.id("wechat-qr-image")).getAttribute("src"));
            assertTrue(wechat.phone().scan("alice", qr).delivered());
            awaitLinked(chromium, WeChatRealm.ALIAS);
            chromium.screenshot("account-console-linked-wechat");
            assertEquals(Map.of(WeChatRealm.WEBSITE_ALIAS, websiteOpenid, WeChatRealm.ALIAS, serviceAccountOpenid),
                    links(wechat, realm, dave));

            // Unbinding the Service Account leaves the website app bound.
            chromium.await(By.id(WeChatRealm.ALIAS + "-idp-unlink")).click();
            chromium.waitUpTo(CONSOLE).until(d -> !d.findElements(By.id(WeChatRealm.ALIAS + "-idp-link")).isEmpty());
            assertEquals(Map.of(WeChatRealm.WEBSITE_ALIAS, websiteOpenid), links(wechat, realm, dave));
        }

        // Erin tries to bind alice's website WeChat, which is dave's.
        String erin = wechat.admin().createUserWithPassword(realm.name(), "erin", "Passw0rd!");
        try (Chromium chromium = Chromium.start()) {
            openLinkedAccounts(chromium, wechat, realm, "erin");
            startLinking(chromium, WeChatRealm.WEBSITE_ALIAS);
            chromium.await(By.id("confirm-alice")).click();
            String text = chromium.waitUpTo(CONSOLE).until(d -> {
                String body = d.findElement(By.tagName("body")).getText();
                return body.contains("already linked") ? body : null;
            });
            chromium.screenshot("account-console-link-refused");
            assertTrue(text.contains("already linked"), text);
        }
        assertEquals(Map.of(), links(wechat, realm, erin), "erin got no link");
        assertEquals(Map.of(WeChatRealm.WEBSITE_ALIAS, websiteOpenid), links(wechat, realm, dave), "dave keeps his");
        assertEquals(2, realm.userCount(), "no user was created by linking");
    }

    private static void openLinkedAccounts(Chromium chromium, WeChatSandbox wechat, WeChatRealm realm, String user) {
        chromium.open(wechat.server().realmUrl(realm.name()) + "/account/account-security/linked-accounts");
        chromium.await(By.id("username")).sendKeys(user);
        chromium.await(By.id("password")).sendKeys("Passw0rd!");
        chromium.await(By.id("kc-login")).click();
        chromium.waitUpTo(CONSOLE).until(d -> !d.findElements(By.id(WeChatRealm.WEBSITE_ALIAS + "-idp-link")).isEmpty());
    }

    /** The Account Console's "Link account", then Keycloak's confirmation of the linking action. */
    private static void startLinking(Chromium chromium, String alias) {
        WebElement link = chromium.waitUpTo(CONSOLE).until(d -> d.findElements(By.id(alias + "-idp-link")).stream()
                .findFirst().orElse(null));
        link.click();
        chromium.await(By.id("kc-continue")).click();
    }

    private static void awaitLinked(Chromium chromium, String alias) {
        chromium.waitUpTo(CONSOLE).until(d -> !d.findElements(By.id(alias + "-idp-unlink")).isEmpty());
    }

    private static Map<String, String> links(WeChatSandbox wechat, WeChatRealm realm, String userId) {
        Map<String, String> links = new HashMap<>();
        for (JsonNode link : wechat.admin().getFederatedIdentities(realm.name(), userId)) {
            links.put(link.path("identityProvider").asText(), link.path("userId").asText());
        }
        return links;
    }
}
