package io.github.keycloakwechat.it.loginpage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.it.support.AdminClient;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import java.util.Map;

/**
 * A throw-away realm with the {@code wechat} login theme, a Service Account provider in the sandbox (so the QR tab
 * exists) and the public client {@code test-app}. Settings are written the way an admin would with the REST API:
 * realm attributes {@code wechat.loginPage.*}.
 */
final class LoginPageRealm implements AutoCloseable {

    static final String PREFIX = "wechat.loginPage.";
    static final String DISPLAY_NAME = "Brand Realm";

    private final AdminClient admin;
    private final WeChatRealm realm;

    private LoginPageRealm(AdminClient admin, WeChatRealm realm) {
        this.admin = admin;
        this.realm = realm;
    }

    /** The realm is deleted together with {@code wechat}. */
    static LoginPageRealm create(WeChatSandbox wechat) {
        AdminClient admin = wechat.admin();
        WeChatRealm realm = wechat.realm("plain");
        ObjectNode update = admin.object().put("loginTheme", "wechat").put("displayName", DISPLAY_NAME);
        admin.put("/" + realm.name(), update).expect(204);
        return new LoginPageRealm(admin, realm);
    }

    String name() {
        return realm.name();
    }

    WeChatRealm wechat() {
        return realm;
    }

    OidcClientFlow client() {
        return realm.client();
    }

    /** Sets settings by their short name (e.g. {@code systemName}); an empty value resets one to its default. */
    LoginPageRealm settings(Map<String, String> settings) {
        ObjectNode update = admin.object();
        ObjectNode attributes = update.putObject("attributes");
        settings.forEach((key, value) -> attributes.put(PREFIX + key, value));
        admin.put("/" + realm.name(), update).expect(204);
        return this;
    }

    /** Sets settings on the client {@code test-app} only (client attributes of the same keys). */
    LoginPageRealm clientSettings(Map<String, String> settings) {
        JsonNode client = admin.findClient(realm.name(), WeChatRealm.CLIENT_ID);
        ObjectNode representation = (ObjectNode) client;
        ObjectNode attributes = representation.has("attributes") ? (ObjectNode) representation.get("attributes")
                : representation.putObject("attributes");
        settings.forEach((key, value) -> attributes.put(PREFIX + key, value));
        admin.put("/" + realm.name() + "/clients/" + client.path("id").asText(), representation).expect(204);
        return this;
    }

    String attribute(String setting) {
        return admin.get("/" + realm.name()).expect(200).body().path("attributes").path(PREFIX + setting).asText(null);
    }

    @Override
    public void close() {
        realm.close();
    }
}
