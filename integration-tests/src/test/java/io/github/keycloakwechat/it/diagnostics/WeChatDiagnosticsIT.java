package io.github.keycloakwechat.it.diagnostics;

import static io.github.keycloakwechat.it.support.DiagnosticsReport.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.Kcadm;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin diagnostics ({@code GET /admin/realms/{realm}/wechat-diagnostics/{alias}}) against the sandbox: what an
 * admin learns before anyone scans, that it needs manage-realm, and that it never hands out a secret.
 */
@KeycloakTest
class WeChatDiagnosticsIT {

    private static String path(WeChatRealm realm) {
        return "/" + realm.name() + "/wechat-diagnostics/" + WeChatRealm.ALIAS;
    }

    private static void assertNoSecret(WeChatSandbox wechat, String body) {
        for (String secret : wechat.sandbox().state().secrets()) {
            assertFalse(body.contains(secret), "the report contains a secret the sandbox issued or configured");
        }
    }

    @Test
    void aWellSetUpProviderPassesEveryCheckAndTheReportSaysWhatToPaste(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("safe");
        JsonNode report = wechat.admin().get(path(realm)).expect(200).body();
        assertTrue(report.path("ok").asBoolean(), report::toString);
        for (String name : List.of("access-token", "qr-code", "push-url", "vault", "unionid-attribute", "user-profile",
                "first-login-flow")) {
            assertEquals("ok", check(report, name).path("status").asText(), () -> name + ": " + report);
        }
        JsonNode push = check(report, "push-url").path("details");
        assertEquals(realm.pushUrl(), push.path("pushUrl").asText());
        assertEquals("safe", push.path("messageMode").asText());
        assertTrue(push.path("token").asText().startsWith("${vault."), "the Token only as its vault reference: " + push);
        assertNoSecret(wechat, report.toString());
    }

    @Test
    void itNamesTheWhitelistErrcodeAndWhatToDo(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        wechat.phone().fault(Map.of("api", "stable_token", "errcode", 40164, "times", 1));
        JsonNode report = wechat.admin().get(path(realm)).expect(200).body();
        JsonNode token = check(report, "access-token");
        assertEquals("problem", token.path("status").asText(), report::toString);
        assertEquals(40164, token.path("details").path("errcode").asInt());
        assertTrue(token.path("fix").asText().contains("IP whitelist"), token::toString);
        assertFalse(report.path("ok").asBoolean());
        assertNoSecret(wechat, report.toString());
    }

    @Test
    void itFlagsAUserProfileThatWouldStopAWeChatPersonAtAForm(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        assertEquals("ok", check(wechat.admin().get(path(realm)).expect(200).body(), "user-profile").path("status").asText());

        // Keycloak's default: first and last name required from users.
        String profilePath = "/" + realm.name() + "/users/profile";
        ObjectNode profile = (ObjectNode) wechat.admin().get(profilePath).expect(200).body();
        for (JsonNode attribute : profile.path("attributes")) {
            if (List.of("firstName", "lastName").contains(attribute.path("name").asText())) {
                ((ObjectNode) attribute).putObject("required").putArray("roles").add("admin").add("user");
            }
        }
        wechat.admin().put(profilePath, profile).expect(200);

        JsonNode report = wechat.admin().get(path(realm)).expect(200).body();
        JsonNode check = check(report, "user-profile");
        assertEquals("problem", check.path("status").asText(), report::toString);
        List<String> named = new ArrayList<>();
        check.path("details").path("requiredForUsers").forEach(n -> named.add(n.asText()));
        assertEquals(List.of("firstName", "lastName"), named);
        assertTrue(check.path("fix").asText().contains("Required field"), check::toString);
    }

    @Test
    void onlyAnAdminWhoMayManageTheRealmMayRunIt(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        AdminClient root = wechat.admin();
        String user = "auditor-" + realm.name();
        String userId = root.createUserWithPassword("master", user, "Auditor-Pass-1");
        try {
            AdminClient auditor = new AdminClient(wechat.server().baseUrl(), user, "Auditor-Pass-1");
            assertEquals(403, auditor.get(path(realm)).status(), "no admin role at all");

            // view-realm of that realm is not enough: the checks spend WeChat quota and read what leads to secrets.
            root.grantRealmAdminRole(realm.name(), userId, "view-realm");
            AdminClient viewer = new AdminClient(wechat.server().baseUrl(), user, "Auditor-Pass-1");
            assertEquals(403, viewer.get(path(realm)).status(), "view-realm only");

            root.grantRealmAdminRole(realm.name(), userId, "manage-realm");
            AdminClient manager = new AdminClient(wechat.server().baseUrl(), user, "Auditor-Pass-1");
            assertEquals(200, manager.get(path(realm)).status(), "manage-realm");
            assertEquals(404, manager.get("/" + realm.name() + "/wechat-diagnostics/no-such-provider").status());
        } finally {
            root.delete("/master/users/" + userId);
        }
    }

    /** The call the README documents, with Keycloak's own admin CLI from the distribution under test. */
    @Test
    void kcadmRunsItAsTheReadmeSays(WeChatSandbox wechat) throws Exception {
        WeChatRealm realm = wechat.realm("plain");
        try (Kcadm kcadm = Kcadm.login(wechat.server())) {
            JsonNode report = wechat.admin().mapper().readTree(
                    kcadm.run("get", "wechat-diagnostics/" + WeChatRealm.ALIAS, "-r", realm.name()));
            assertTrue(report.path("ok").asBoolean(), report::toString);
            assertEquals(WeChatRealm.ALIAS, report.path("alias").asText());
        }
    }
}
