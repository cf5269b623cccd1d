package io.github.keycloakwechat.it.open;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.it.support.WebsiteLogin;
import io.github.keycloakwechat.sandbox.SandboxApp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin does not declare the WeChat attributes: the first WeChat login does, admin-view only, editable by nobody. */
@KeycloakTest
class WeChatUserProfileIT {

    @Test
    void theFirstWeChatLoginDeclaresTheWeChatAttributesForAdminsOnly(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        SandboxApp website = realm.addWebsiteProvider(wechat.sandbox(), true, Map.of());
        String profilePath = "/" + realm.name() + "/users/profile";
        ObjectNode profile = (ObjectNode) wechat.admin().get(profilePath).expect(200).body();
        ArrayNode attributes = (ArrayNode) profile.get("attributes");
        for (int i = attributes.size() - 1; i >= 0; i--) {
            if (attributes.get(i).path("name").asText().startsWith("wechat_")) {
                attributes.remove(i);
            }
        }
        wechat.admin().put(profilePath, profile).expect(200);
        assertNull(attribute(wechat, profilePath, "wechat_unionid"), "the admin declared nothing");

        WebsiteLogin.start(new HttpBrowser(), realm.client(), WeChatRealm.WEBSITE_ALIAS).completeAs("alice");

        for (String name : List.of("wechat_unionid", "wechat_openids")) {
            JsonNode declared = attribute(wechat, profilePath, name);
            assertNotNull(declared, name + " is declared");
            assertEquals(List.of("admin"), list(wechat, declared.path("permissions").path("view")), declared::toString);
            assertEquals(List.of(), list(wechat, declared.path("permissions").path("edit")), declared::toString);
        }
        JsonNode user = realm.userLinkedTo(WeChatRealm.WEBSITE_ALIAS,
                wechat.sandbox().state().openidOf("alice", website.appId()));
        assertEquals(wechat.sandbox().state().unionidOf("alice"), user.path("attributes").path("wechat_unionid").path(0).asText(),
                () -> "an admin sees the unionid: " + user);
    }

    private static JsonNode attribute(WeChatSandbox wechat, String profilePath, String name) {
        for (JsonNode attribute : wechat.admin().get(profilePath).expect(200).body().path("attributes")) {
            if (attribute.path("name").asText().equals(name)) {
                return attribute;
            }
        }
        return null;
    }

    private static List<?> list(WeChatSandbox wechat, JsonNode node) {
        return node.isMissingNode() ? List.of() : wechat.admin().mapper().convertValue(node, List.class);
    }
}
