package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the sandbox serves: where it listens, which apps (Service Accounts, website apps, Mini Programs) exist,
 * which fake people can use them, and the simulated WeCom corps ({@link SandboxWeCom}).
 * Loaded from JSON ({@link #load(Path)}) in the same shape as the record; missing keys take the defaults.
 */
public record SandboxConfig(String host, int port, List<SandboxApp> apps, List<SandboxUser> users, SandboxWeCom wecom) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8090;

    public SandboxConfig {
        host = host == null || host.isBlank() ? DEFAULT_HOST : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        apps = List.copyOf(apps == null ? List.of() : apps);
        users = List.copyOf(users == null ? List.of() : users);
        wecom = wecom == null ? SandboxWeCom.defaults() : wecom;
        List<SandboxApp> weChatApps = apps;
        for (SandboxWeComApp weComApp : wecom.apps()) {
            if (weChatApps.stream().anyMatch(a -> a.appId().equals(weComApp.corpId()))) {
                throw new IllegalArgumentException("the WeCom CorpID " + weComApp.corpId() + " is also the AppID of a WeChat app");
            }
        }
    }

    /** Apps and people with the default WeCom corp ({@link SandboxWeCom#defaults()}). */
    public SandboxConfig(String host, int port, List<SandboxApp> apps, List<SandboxUser> users) {
        this(host, port, apps, users, SandboxWeCom.defaults());
    }

    /** The default Service Account's AppID. */
    public static final String DEFAULT_SERVICE_ACCOUNT_APP_ID = "wxsandbox0000001";
    /** The default website app's AppID. */
    public static final String DEFAULT_WEBSITE_APP_ID = "wxsandboxweb0001";
    /** The default Mini Program's AppID. */
    public static final String DEFAULT_MINI_PROGRAM_APP_ID = "wxsandboxmini001";
    /** The default WeCom corp's CorpID ({@link SandboxWeCom#DEFAULT_CORP_ID}). */
    public static final String DEFAULT_WECOM_CORP_ID = SandboxWeCom.DEFAULT_CORP_ID;
    /** The default WeCom app's AgentId ({@link SandboxWeCom#DEFAULT_AGENT_ID}). */
    public static final String DEFAULT_WECOM_AGENT_ID = SandboxWeCom.DEFAULT_AGENT_ID;

    /**
     * The built-in demo: one safe-mode Service Account (first), one website app and one Mini Program, all bound to
     * the Open Platform account (so a person has one unionid and an openid per app), and three people: alice
     * (phone +86 13800000001), bob (+86 13800000002) and carol (no phone number); plus the WeCom corp of
     * {@link SandboxWeCom#defaults()}.
     */
    public static SandboxConfig defaults() {
        SandboxApp app = new SandboxApp(DEFAULT_SERVICE_ACCOUNT_APP_ID, "sandbox-secret-0001", "gh_sandbox00001", "sandboxtoken",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "safe",
                "http://127.0.0.1:8080/realms/demo/wechat/push/wechat-mp", true, "Sandbox Service Account");
        SandboxApp website = SandboxApp.website(DEFAULT_WEBSITE_APP_ID, "sandbox-web-secret-0001", true, "Sandbox Website");
        SandboxApp miniProgram = SandboxApp.miniProgram(DEFAULT_MINI_PROGRAM_APP_ID, "sandbox-mini-secret-0001", true,
                "Sandbox Mini Program");
        return new SandboxConfig(DEFAULT_HOST, DEFAULT_PORT, List.of(app, website, miniProgram), List.of(
                new SandboxUser("alice", "张三", null, "+86 13800000001"),
                new SandboxUser("bob", "李四", null, "+86 13800000002"),
                new SandboxUser("carol", "王五", null, null)), SandboxWeCom.defaults());
    }

    /** The same configuration listening elsewhere. */
    public SandboxConfig withAddress(String newHost, int newPort) {
        return new SandboxConfig(newHost, newPort, apps, users, wecom);
    }

    /** The same configuration with other WeCom corps ({@link SandboxWeCom#none()} for none). */
    public SandboxConfig withWeCom(SandboxWeCom newWeCom) {
        return new SandboxConfig(host, port, apps, users, newWeCom);
    }

    /**
     * Reads a JSON file such as {@code {"host":"127.0.0.1","port":8090,"apps":[{...}],"users":[{...}],
     * "wecom":{"apps":[{...}],"members":[{...}],"outsiders":[{...}]}}}.
     * A missing "apps", "users" or "wecom" key (or a missing key inside "wecom") keeps the defaults; an empty list
     * means none. Default members are kept only when the default corp is among the WeCom apps.
     */
    public static SandboxConfig load(Path json) {
        ObjectMapper mapper = Json.newMapper();
        JsonNode root;
        try {
            root = mapper.readTree(Files.readAllBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sandbox config " + json + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("sandbox config " + json + " must be a JSON object");
        }
        SandboxConfig defaults = defaults();
        String host = root.path("host").isTextual() ? root.get("host").asText() : defaults.host();
        int port = root.path("port").canConvertToInt() ? root.get("port").asInt() : defaults.port();
        List<SandboxApp> apps = root.has("apps") ? readList(mapper, root.get("apps"), SandboxApp.class, json) : defaults.apps();
        List<SandboxUser> users = root.has("users") ? readList(mapper, root.get("users"), SandboxUser.class, json) : defaults.users();
        SandboxWeCom wecom = root.has("wecom") ? readWeCom(mapper, root.get("wecom"), json) : defaults.wecom();
        return new SandboxConfig(host, port, apps, users, wecom);
    }

    private static SandboxWeCom readWeCom(ObjectMapper mapper, JsonNode node, Path source) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("sandbox config " + source + ": \"wecom\" must be an object");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!List.of("apps", "members", "outsiders").contains(name)) {
                throw new IllegalArgumentException("sandbox config " + source + ": unknown key \"wecom." + name
                        + "\" (apps, members, outsiders)");
            }
        });
        SandboxWeCom defaults = SandboxWeCom.defaults();
        List<SandboxWeComApp> apps = node.has("apps")
                ? readList(mapper, node.get("apps"), SandboxWeComApp.class, source, "wecom.apps") : defaults.apps();
        boolean defaultCorp = apps.stream().anyMatch(a -> a.corpId().equals(SandboxWeCom.DEFAULT_CORP_ID));
        List<SandboxWeComMember> members = node.has("members")
                ? readList(mapper, node.get("members"), SandboxWeComMember.class, source, "wecom.members")
                : defaultCorp ? defaults.members() : List.of();
        List<SandboxWeComOutsider> outsiders = node.has("outsiders")
                ? readList(mapper, node.get("outsiders"), SandboxWeComOutsider.class, source, "wecom.outsiders")
                : defaults.outsiders();
        return new SandboxWeCom(apps, members, outsiders);
    }

    private static <T> List<T> readList(ObjectMapper mapper, JsonNode node, Class<T> type, Path source) {
        return readList(mapper, node, type, source, type == SandboxApp.class ? "apps" : "users");
    }

    private static <T> List<T> readList(ObjectMapper mapper, JsonNode node, Class<T> type, Path source, String key) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("sandbox config " + source + ": \"" + key + "\" must be an array");
        }
        List<T> out = new ArrayList<>();
        for (JsonNode item : node) {
            out.add(Json.convert(mapper, item, type));
        }
        return out;
    }
}
