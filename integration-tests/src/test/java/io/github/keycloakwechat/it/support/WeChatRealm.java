package io.github.keycloakwechat.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.miniprogram.MiniProgramGrantType;
import io.github.keycloakwechat.miniprogram.MiniProgramIdentityProviderFactory;
import io.github.keycloakwechat.miniprogram.MiniProgramSetting;
import io.github.keycloakwechat.mp.InWeChatScope;
import io.github.keycloakwechat.mp.WeChatMpIdentityProviderFactory;
import io.github.keycloakwechat.mp.WeChatMpSetting;
import io.github.keycloakwechat.open.WeChatOpenIdentityProviderFactory;
import io.github.keycloakwechat.open.WeChatOpenSetting;
import io.github.keycloakwechat.sandbox.SandboxApp;
import io.github.keycloakwechat.sandbox.SandboxServer;
import io.github.keycloakwechat.sandbox.SandboxWeCom;
import io.github.keycloakwechat.wecom.WeComIdentityProviderFactory;
import io.github.keycloakwechat.wecom.WeComSetting;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A throw-away realm with a {@code wechat-mp} identity provider wired to its own Service Account in the sandbox,
 * in one message mode, plus a public OIDC client {@code test-app} (authorization code + PKCE).
 */
public final class WeChatRealm implements AutoCloseable {

    public static final String ALIAS = WeChatMpIdentityProviderFactory.PROVIDER_ID;
    public static final String WEBSITE_ALIAS = WeChatOpenIdentityProviderFactory.PROVIDER_ID;
    public static final String WECOM_ALIAS = WeComIdentityProviderFactory.PROVIDER_ID;
    public static final String MINI_ALIAS = MiniProgramIdentityProviderFactory.PROVIDER_ID;
    public static final String MINI_CLIENT_ID = "mini-app";
    public static final String CLIENT_ID = "test-app";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakServer server;
    private final AdminClient admin;
    private final String name;
    private final SandboxApp app;

    private WeChatRealm(KeycloakServer server, AdminClient admin, String name, SandboxApp app) {
        this.server = server;
        this.admin = admin;
        this.name = name;
        this.app = app;
    }

    public static WeChatRealm create(KeycloakServer server, AdminClient admin, SandboxServer sandbox, String mode) {
        return create(server, admin, sandbox, mode, Map.of());
    }

    /** {@code idpConfig} overrides or adds identity provider settings (e.g. qrLifetimeSeconds). */
    public static WeChatRealm create(KeycloakServer server, AdminClient admin, SandboxServer sandbox, String mode,
                                     Map<String, String> idpConfig) {
        return create(server, admin, sandbox, mode, idpConfig, WeChatRealm::realmRepresentation);
    }

    /**
     * The same provider and client in a realm as Keycloak creates it by default: its user profile requires email and
     * names from users, as an admin's existing realm would.
     */
    public static WeChatRealm createOnKeycloakDefaults(KeycloakServer server, AdminClient admin, SandboxServer sandbox,
                                                       String mode) {
        return create(server, admin, sandbox, mode, Map.of(), name -> Map.of("realm", name, "enabled", true));
    }

    private static WeChatRealm create(KeycloakServer server, AdminClient admin, SandboxServer sandbox, String mode,
                                      Map<String, String> idpConfig, Function<String, Map<String, Object>> realm) {
        String suffix = HexFormat.of().formatHex(randomBytes(4));
        String name = "wechat-" + mode + "-" + suffix;
        String appId = "wx" + HexFormat.of().formatHex(randomBytes(8));
        String aesKey = base62(43);
        SandboxApp app = new SandboxApp(appId, "secret-" + HexFormat.of().formatHex(randomBytes(12)),
                "gh_" + HexFormat.of().formatHex(randomBytes(6)), "token" + HexFormat.of().formatHex(randomBytes(6)),
                aesKey, mode, server.realmUrl(name) + "/wechat/push/" + ALIAS, true, "Test account " + mode);
        sandbox.state().putApp(app);

        admin.createRealm(realm.apply(name));
        admin.createClient(name, OidcClientFlow.publicClientRepresentation(CLIENT_ID, OidcClientFlow.DEFAULT_REDIRECT_URI));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("clientId", appId);
        config.put("clientSecret", app.appSecret());
        // Push secrets live in Keycloak's vault, as the provider requires: plain values would be readable
        // through the admin API and in realm exports.
        server.writeVaultSecret(name, "wechat_token", app.token());
        server.writeVaultSecret(name, "wechat_aes_key", aesKey);
        config.put(WeChatMpSetting.TOKEN.key(), "${vault.wechat_token}");
        config.put(WeChatMpSetting.ENCODING_AES_KEY.key(), "${vault.wechat_aes_key}");
        config.put(WeChatMpSetting.MESSAGE_MODE.key(), mode);
        config.put(WeChatMpSetting.API_BASE_URL.key(), sandbox.baseUrl());
        config.put(WeChatMpSetting.OAUTH_BASE_URL.key(), sandbox.baseUrl());
        config.put(WeChatMpSetting.IN_WECHAT_SCOPE.key(), InWeChatScope.SNSAPI_BASE.configValue());
        // Every test browser comes from 127.0.0.1: no per-address bound, except where a test sets one (QrQuotaIT).
        config.put(WeChatMpSetting.QR_CODES_PER_MINUTE.key(), "0");
        config.putAll(idpConfig);
        createProvider(admin, name, ALIAS, WeChatMpIdentityProviderFactory.PROVIDER_ID, "WeChat", config);
        return new WeChatRealm(server, admin, name, app);
    }

    private static void createProvider(AdminClient admin, String realm, String alias, String providerId,
                                       String displayName, Map<String, String> config) {
        ObjectNode idp = JSON.createObjectNode()
                .put("alias", alias)
                .put("providerId", providerId)
                .put("displayName", displayName)
                .put("enabled", true);
        idp.set("config", JSON.valueToTree(config));
        admin.createIdentityProvider(realm, idp);
    }

    public String name() {
        return name;
    }

    public SandboxApp app() {
        return app;
    }

    public String pushUrl() {
        return server.realmUrl(name) + "/wechat/push/" + ALIAS;
    }

    public OidcClientFlow client() {
        return new OidcClientFlow(server.baseUrl(), name, CLIENT_ID, OidcClientFlow.DEFAULT_REDIRECT_URI);
    }

    /** The one user linked to this openid through the Service Account provider, or null. */
    public JsonNode userLinkedTo(String openid) {
        return userLinkedTo(ALIAS, openid);
    }

    /**
     * Adds a {@code wechat-open} provider for a new website app of the sandbox's Open Platform account (its people
     * keep their unionid, but get another openid), or of no Open Platform account when {@code bound} is false.
     */
    public SandboxApp addWebsiteProvider(SandboxServer sandbox, boolean bound, Map<String, String> idpConfig) {
        SandboxApp website = SandboxApp.website("wxweb" + HexFormat.of().formatHex(randomBytes(6)),
                "web-secret-" + HexFormat.of().formatHex(randomBytes(12)), bound, "Test website " + name);
        sandbox.state().putApp(website);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("clientId", website.appId());
        config.put("clientSecret", website.appSecret());
        config.put(WeChatOpenSetting.API_BASE_URL.key(), sandbox.baseUrl());
        config.put(WeChatOpenSetting.OAUTH_BASE_URL.key(), sandbox.baseUrl());
        config.put(WeChatOpenSetting.WX_LOGIN_SCRIPT_URL.key(), sandbox.baseUrl() + "/connect/zh_CN/htmledition/js/wxLogin.js");
        config.putAll(idpConfig);
        createProvider(admin, name, WEBSITE_ALIAS, WeChatOpenIdentityProviderFactory.PROVIDER_ID, "WeChat website", config);
        return website;
    }

    /**
     * Adds a {@code wechat-miniprogram} provider for a new Mini Program of the sandbox (bound to its Open Platform
     * account unless {@code bound} is false) and the public client {@value #MINI_CLIENT_ID} bound to it.
     */
    public SandboxApp addMiniProgramProvider(SandboxServer sandbox, boolean bound, Map<String, String> idpConfig) {
        SandboxApp mini = SandboxApp.miniProgram("wxmini" + HexFormat.of().formatHex(randomBytes(6)),
                "mini-secret-" + HexFormat.of().formatHex(randomBytes(12)), bound, "Test Mini Program " + name);
        sandbox.state().putApp(mini);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("clientId", mini.appId());
        config.put("clientSecret", mini.appSecret());
        config.put(MiniProgramSetting.API_BASE_URL.key(), sandbox.baseUrl());
        config.putAll(idpConfig);
        createProvider(admin, name, MINI_ALIAS, MiniProgramIdentityProviderFactory.PROVIDER_ID, "WeChat Mini Program", config);
        Map<String, Object> client = new LinkedHashMap<>(OidcClientFlow.publicClientRepresentation(MINI_CLIENT_ID,
                OidcClientFlow.DEFAULT_REDIRECT_URI));
        client.put("attributes", Map.of(MiniProgramGrantType.CLIENT_ATTRIBUTE, MINI_ALIAS));
        admin.createClient(name, client);
        return mini;
    }

    /** Adds a {@code wecom} provider for the sandbox's default WeCom corp and app. */
    public void addWeComProvider(SandboxServer sandbox, Map<String, String> idpConfig) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("clientId", SandboxWeCom.DEFAULT_CORP_ID);
        config.put("clientSecret", SandboxWeCom.DEFAULT_SECRET);
        config.put(WeComSetting.AGENT_ID.key(), SandboxWeCom.DEFAULT_AGENT_ID);
        config.put(WeComSetting.API_BASE_URL.key(), sandbox.baseUrl());
        config.put(WeComSetting.LOGIN_BASE_URL.key(), sandbox.baseUrl());
        config.put(WeComSetting.OAUTH_BASE_URL.key(), sandbox.baseUrl());
        config.putAll(idpConfig);
        createProvider(admin, name, WECOM_ALIAS, WeComIdentityProviderFactory.PROVIDER_ID, "WeCom", config);
    }

    /** The one user linked to this openid through the provider {@code alias}, or null. */
    public JsonNode userLinkedTo(String alias, String openid) {
        for (JsonNode user : admin.findUsers(name, "")) {
            for (JsonNode link : admin.getFederatedIdentities(name, user.path("id").asText())) {
                if (alias.equals(link.path("identityProvider").asText()) && openid.equals(link.path("userId").asText())) {
                    return admin.getUser(name, user.path("id").asText());
                }
            }
        }
        return null;
    }

    /** Declares {@code attribute} in the realm's user profile (admin view and edit), e.g. a phone number. */
    public WeChatRealm declareAdminAttribute(String attribute) {
        String path = "/" + name + "/users/profile";
        ObjectNode profile = (ObjectNode) admin.get(path).expect(200).body();
        ObjectNode declared = ((ArrayNode) profile.get("attributes")).addObject()
                .put("name", attribute);
        declared.putObject("permissions").putArray("view").add("admin");
        ((ObjectNode) declared.get("permissions")).putArray("edit").add("admin");
        admin.put(path, profile).expect(200);
        return this;
    }

    /** A user who already exists here, with one attribute (e.g. the phone number a shop keeps); their id. */
    public String createUserWith(String username, String attribute, String value) {
        ObjectNode user = admin.object().put("username", username).put("enabled", true);
        user.putObject("attributes").putArray(attribute).add(value);
        return admin.createUser(name, user);
    }

    public int userCount() {
        return admin.findUsers(name, "").size();
    }

    @Override
    public void close() {
        admin.deleteRealm(name);
    }

    /** Email and names are optional (WeChat gives none), and the unionid is visible to admins only. */
    private static Map<String, Object> realmRepresentation(String name) {
        List<Map<String, Object>> attributes = List.of(
                attribute("username", Map.of("length", Map.of("min", 3, "max", 255), "username-prohibited-characters", Map.of()),
                        List.of("admin", "user"), List.of("admin", "user")),
                attribute("email", Map.of("email", Map.of(), "length", Map.of("max", 255)), List.of("admin", "user"), List.of("admin", "user")),
                attribute("firstName", Map.of("length", Map.of("max", 255)), List.of("admin", "user"), List.of("admin", "user")),
                attribute("lastName", Map.of("length", Map.of("max", 255)), List.of("admin", "user"), List.of("admin", "user")),
                attribute("wechat_unionid", Map.of(), List.of("admin"), List.of()));
        String profile;
        try {
            profile = JSON.writeValueAsString(Map.of("attributes", attributes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("realm", name);
        realm.put("enabled", true);
        realm.put("internationalizationEnabled", true);
        realm.put("supportedLocales", List.of("en", "zh-CN"));
        realm.put("defaultLocale", "en");
        realm.put("components", Map.of("org.keycloak.userprofile.UserProfileProvider", List.of(Map.of(
                "providerId", "declarative-user-profile",
                "subComponents", Map.of(),
                "config", Map.of("kc.user.profile.config", List.of(profile))))));
        return realm;
    }

    private static Map<String, Object> attribute(String name, Map<String, Object> validations, List<String> view,
                                                 List<String> edit) {
        Map<String, Object> attribute = new LinkedHashMap<>();
        attribute.put("name", name);
        attribute.put("displayName", name);
        attribute.put("validations", validations);
        attribute.put("permissions", Map.of("view", view, "edit", edit));
        attribute.put("multivalued", false);
        return attribute;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String base62(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
