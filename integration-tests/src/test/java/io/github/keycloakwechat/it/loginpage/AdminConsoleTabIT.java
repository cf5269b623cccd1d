package io.github.keycloakwechat.it.loginpage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.Chromium;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The "Login page" tab of Realm settings (declarative-ui): a setting saved there shows on the login page. */
@KeycloakTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminConsoleTabIT {

    private static final String TAB_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";

    private KeycloakServer server;
    private LoginPageRealm realm;

    @BeforeAll
    void start(WeChatSandbox wechat) {
        this.server = wechat.server();
        realm = LoginPageRealm.create(wechat);
    }

    @Test
    void theTabRefusesAValueThePageCouldNotUse(AdminClient admin) {
        ObjectNode component = admin.object()
                .put("name", "wechat-login-page")
                .put("providerId", "wechat-login-page")
                .put("providerType", TAB_TYPE);
        component.putObject("config").putArray("buttonBackgroundColor").add("red;}body{display:none}");
        String before = realm.attribute("buttonBackgroundColor");
        AdminClient.JsonResponse refused = admin.post("/" + realm.name() + "/components", component).expect(400);
        assertTrue(refused.body().toString().contains("Button background color"), refused.body().toString());
        assertEquals(before, realm.attribute("buttonBackgroundColor"), "nothing was saved");
    }

    @Test
    void aRealmImportedWithSettingsShowsThemInTheTab(AdminClient admin) {
        ObjectNode representation = admin.object()
                .put("realm", "login-page-import-" + Long.toHexString(System.nanoTime()))
                .put("enabled", true)
                .put("loginTheme", "wechat");
        representation.putObject("attributes")
                .put("wechat.loginPage.useRealmName", "false")
                .put("wechat.loginPage.systemName", "Imported brand");
        try (AdminClient.TemporaryRealm imported = admin.createTemporaryRealm(representation)) {
            JsonNode tabs = admin.get("/" + imported.name() + "/components?type=" + TAB_TYPE).expect(200).body();
            JsonNode tab = null;
            for (JsonNode component : tabs) {
                if ("wechat-login-page".equals(component.path("providerId").asText())) {
                    tab = component;
                }
            }
            assertNotNull(tab, tabs::toString);
            assertEquals("Imported brand", tab.path("config").path("systemName").path(0).asText());
            assertEquals("false", tab.path("config").path("useRealmName").path(0).asText());
            assertEquals("#000", tab.path("config").path("pageBackgroundColor").path(0).asText(), "absent: the default");

            try (Chromium chromium = Chromium.start()) {
                signInToTheTab(chromium, imported.name());
                WebElement systemName = chromium.waitUpTo(Duration.ofSeconds(60)).until(d ->
                        d.findElements(By.cssSelector("[data-testid='systemName']")).stream().findFirst().orElse(null));
                assertEquals("Imported brand", systemName.getAttribute("value"));
            }
        }
    }

    @Test
    void theTabSavesASettingThatTheLoginPageShows() {
        try (Chromium chromium = Chromium.start()) {
            signInToTheTab(chromium, realm.name());

            WebElement tab = chromium.waitUpTo(Duration.ofSeconds(90)).until(d ->
                    d.findElements(By.cssSelector("a[href*='realm-settings/wechat-login-page']")).stream().findFirst().orElse(null));
            assertEquals("Login page", tab.getText().trim());
            WebElement useRealmName = chromium.waitUpTo(Duration.ofSeconds(60)).until(d ->
                    d.findElements(By.id("useRealmName")).stream().findFirst().orElse(null));
            chromium.screenshot("admin-console-login-page-tab");

            ((JavascriptExecutor) chromium.driver()).executeScript("arguments[0].click();", useRealmName);
            WebElement systemName = chromium.await(By.cssSelector("[data-testid='systemName']"));
            systemName.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Saved in the console");
            WebElement color = chromium.await(By.cssSelector("[data-testid='buttonBackgroundColor']"));
            color.sendKeys(Keys.chord(Keys.CONTROL, "a"), "#123456");
            chromium.await(By.cssSelector("[data-testid='save']")).click();
            chromium.waitUpTo(Duration.ofSeconds(30)).until(d ->
                    "Saved in the console".equals(realm.attribute("systemName")) ? true : null);
            chromium.screenshot("admin-console-login-page-saved");
            assertEquals("false", realm.attribute("useRealmName"));
            assertEquals("#123456", realm.attribute("buttonBackgroundColor"));
        }
        try (Chromium chromium = Chromium.start()) {
            chromium.open(realm.client().newAuthorizationRequest().uri().toString());
            assertEquals("Saved in the console", chromium.await(By.id("kc-header-wrapper")).getText());
            assertEquals("rgb(18, 52, 86)", Pages.computed(chromium, "#kc-login", "background-color"));
        }
    }

    private void signInToTheTab(Chromium chromium, String realmName) {
        chromium.open(server.baseUrl() + "/admin/master/console/#/" + realmName + "/realm-settings/wechat-login-page");
        chromium.await(By.id("username")).sendKeys(server.adminUsername());
        chromium.await(By.id("password")).sendKeys(server.adminPassword());
        chromium.await(By.id("kc-login")).click();
    }
}
