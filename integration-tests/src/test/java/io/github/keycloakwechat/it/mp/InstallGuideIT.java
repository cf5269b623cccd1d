package io.github.keycloakwechat.it.mp;

import static io.github.keycloakwechat.it.support.DiagnosticsReport.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.Kcadm;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.SandboxClient;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's install guide on a realm as Keycloak creates it: the diagnostics name the form that would stop a
 * WeChat person, the guide's user-profile command removes it, and the first scan then lands on the app.
 */
@KeycloakTest
class InstallGuideIT {

    private static final Path USER_PROFILE = Path.of("..", "realm-config", "user-profile-wechat.json");

    @Test
    void aDefaultRealmSetUpByTheGuideSignsAWeChatPersonInOnTheFirstScanWithoutAForm(WeChatSandbox wechat) throws Exception {
        assertTrue(Files.isRegularFile(USER_PROFILE), "the file the README's step 6 names: " + USER_PROFILE.toAbsolutePath());
        WeChatRealm realm = wechat.realmOnKeycloakDefaults("safe");
        try (Kcadm kcadm = Kcadm.login(wechat.server())) {
            String diagnostics = "wechat-diagnostics/" + WeChatRealm.ALIAS;
            JsonNode before = wechat.admin().mapper().readTree(kcadm.run("get", diagnostics, "-r", realm.name()));
            JsonNode profileCheck = check(before, "user-profile");
            assertEquals("problem", profileCheck.path("status").asText(), before::toString);
            List<String> asked = new ArrayList<>();
            profileCheck.path("details").path("requiredForUsers").forEach(n -> asked.add(n.asText()));
            assertTrue(asked.containsAll(List.of("email", "firstName", "lastName")), asked::toString);

            // Step 6, word for word.
            kcadm.run("update", "users/profile", "-r", realm.name(), "-f", USER_PROFILE.toString());
            // Step 8.
            JsonNode after = wechat.admin().mapper().readTree(kcadm.run("get", diagnostics, "-r", realm.name()));
            assertTrue(after.path("ok").asBoolean(), after::toString);
        }

        QrLogin login = QrLogin.start(new HttpBrowser(), realm.client());
        SandboxClient.ScanResult scan = wechat.phone().scan("carol", login.qrUrl());
        assertTrue(scan.delivered(), scan.body()::toString);
        assertEquals("scanned", login.status("pending", 25));
        String sub = login.completeAndExchange().idTokenClaims().path("sub").asText(); // fails at any form on the way
        JsonNode user = realm.userLinkedTo(wechat.openidOf("carol", realm));
        assertEquals(user.path("id").asText(), sub);
    }
}
