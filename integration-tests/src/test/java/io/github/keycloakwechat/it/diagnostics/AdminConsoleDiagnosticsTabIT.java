package io.github.keycloakwechat.it.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.Chromium;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The "WeChat diagnostics" tab of Realm settings (declarative-ui): an admin types a provider's alias, Save runs the
 * diagnostics, and the reopened tab shows each check's status and what to fix, never a secret.
 */
@KeycloakTest
class AdminConsoleDiagnosticsTabIT {

    private static final String TAB_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";
    private static final String TAB_ID = "wechat-diagnostics";

    private static void assertNoSecret(WeChatSandbox wechat, String text) {
        for (String secret : wechat.sandbox().state().secrets()) {
            assertFalse(text.contains(secret), "the tab shows a secret the sandbox issued or configured");
        }
    }

    /** The tab's component as the admin console reads it when the tab opens; null before the first Save. */
    private static JsonNode tabComponent(AdminClient admin, WeChatRealm realm) {
        for (JsonNode component : admin.get("/" + realm.name() + "/components?type=" + TAB_TYPE).expect(200).body()) {
            if (TAB_ID.equals(component.path("providerId").asText())) {
                return component;
            }
        }
        return null;
    }

    private static String storedReport(AdminClient admin, WeChatRealm realm) {
        JsonNode tab = tabComponent(admin, realm);
        return tab == null ? "" : tab.path("config").path("report").path(0).asText();
    }

    @Test
    void anAdminRunsTheChecksFromTheTabAndReadsWhatToFix(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        AdminClient admin = wechat.admin();
        try (Chromium chromium = Chromium.start()) {
            chromium.open(wechat.server().baseUrl() + "/admin/master/console/#/" + realm.name() + "/realm-settings/" + TAB_ID);
            chromium.await(By.id("username")).sendKeys(wechat.server().adminUsername());
            chromium.await(By.id("password")).sendKeys(wechat.server().adminPassword());
            chromium.await(By.id("kc-login")).click();

            WebElement tab = chromium.waitUpTo(Duration.ofSeconds(90)).until(d ->
                    d.findElements(By.cssSelector("a[href*='realm-settings/" + TAB_ID + "']")).stream().findFirst().orElse(null));
            assertEquals("WeChat diagnostics", tab.getText().trim());

            String report = runFromTheTab(chromium, admin, realm, r -> r.contains("no problems"));
            chromium.screenshot("admin-console-diagnostics-ok");
            assertTrue(report.startsWith(WeChatRealm.ALIAS + " (" + WeChatRealm.ALIAS + "), checked "), report);
            for (String check : new String[] {"access-token", "qr-code", "push-url", "vault", "unionid-attribute",
                    "user-profile", "first-login-flow"}) {
                assertTrue(report.contains("[ok] " + check + "\n"), check + ": " + report);
            }
            assertTrue(report.contains("pushUrl: " + realm.pushUrl()), "what to paste into the push settings: " + report);
            assertTrue(report.contains("token: ${vault."), "the Token only as its vault reference: " + report);
            assertEquals("", chromium.await(By.cssSelector("[data-testid='alias']")).getDomProperty("value"),
                    "the alias is a request, consumed by the run: an exported realm carries none");
            assertTrue(tabComponent(admin, realm).path("config").path("alias").isMissingNode());
            assertNoSecret(wechat, report);

            wechat.phone().fault(Map.of("api", "stable_token", "errcode", 40164, "times", 1));
            report = runFromTheTab(chromium, admin, realm, r -> r.contains("40164"));
            chromium.screenshot("admin-console-diagnostics-problem");
            assertTrue(report.contains(": 1 problem: access-token\n"), report);
            assertTrue(report.contains("[problem] access-token\n"), report);
            assertTrue(report.contains("errcode 40164"), report);
            assertTrue(report.contains("→ Fix: add this server's egress IP to the app's IP whitelist"), report);
            assertTrue(report.contains("[ok] qr-code\n"), report);
            assertNoSecret(wechat, report);
            assertNoSecret(wechat, chromium.driver().findElement(By.tagName("body")).getText());
            assertNoSecret(wechat, chromium.driver().getPageSource());
            assertNoSecret(wechat, tabComponent(admin, realm).toString());
        }
    }

    /**
     * Types the alias and saves, then reopens the tab the way an admin does: the admin console reads the form only when
     * the tab opens, so the report written by Save shows after a reload.
     */
    private static String runFromTheTab(Chromium chromium, AdminClient admin, WeChatRealm realm, Predicate<String> done) {
        WebElement alias = chromium.waitUpTo(Duration.ofSeconds(60)).until(d ->
                d.findElements(By.cssSelector("[data-testid='alias']")).stream().findFirst().orElse(null));
        alias.sendKeys(Keys.chord(Keys.CONTROL, "a"), WeChatRealm.ALIAS);
        chromium.await(By.cssSelector("[data-testid='save']")).click();
        chromium.waitUpTo(Duration.ofSeconds(60)).until(d -> done.test(storedReport(admin, realm)) ? true : null);
        chromium.driver().navigate().refresh();
        WebElement report = chromium.waitUpTo(Duration.ofSeconds(60)).until(d ->
                d.findElements(By.cssSelector("[data-testid='report']")).stream()
                        .filter(e -> done.test(String.valueOf(e.getDomProperty("value")))).findFirst().orElse(null));
        return report.getDomProperty("value");
    }

    @Test
    void anAliasThatIsNoWeChatProviderIsRefusedInWords(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        AdminClient admin = wechat.admin();
        ObjectNode component = admin.object().put("providerId", TAB_ID).put("providerType", TAB_TYPE);
        component.putObject("config").putArray("alias").add("no-such-provider");
        AdminClient.JsonResponse refused = admin.post("/" + realm.name() + "/components", component).expect(400);
        String message = refused.body().path("errorMessage").asText();
        assertEquals("This realm has no WeChat-family identity provider with the alias \"no-such-provider\".", message,
                refused.body()::toString);
        assertEquals(null, tabComponent(admin, realm), "nothing was saved");
    }

    /** Saving the tab is what runs the checks, and Keycloak lets only manage-realm save a realm's component. */
    @Test
    void anAdminWhoMayOnlyViewTheRealmCannotRunIt(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        AdminClient root = wechat.admin();
        String user = "viewer-" + realm.name();
        String userId = root.createUserWithPassword("master", user, "Viewer-Pass-1");
        try {
            root.grantRealmAdminRole(realm.name(), userId, "view-realm");
            AdminClient viewer = new AdminClient(wechat.server().baseUrl(), user, "Viewer-Pass-1");

            ObjectNode component = root.object().put("providerId", TAB_ID).put("providerType", TAB_TYPE);
            component.putObject("config").putArray("alias").add(WeChatRealm.ALIAS);
            assertEquals(403, viewer.post("/" + realm.name() + "/components", component).status());
            assertEquals(null, tabComponent(root, realm), "nothing ran, nothing was saved");
        } finally {
            root.delete("/master/users/" + userId);
        }
    }
}
