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
 * What the sandbox serves: where it listens, which apps (Service Accounts, website apps, Mini Programs) exist and
 * which fake people can use them.
 * Loaded from JSON ({@link #load(Path)}) in the same shape as the record; missing keys take the defaults.
 */
public record SandboxConfig(String host, int port, List<SandboxApp> apps, List<SandboxUser> users) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8090;

    public SandboxConfig {
        host = host == null || host.isBlank() ? DEFAULT_HOST : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        apps = List.copyOf(apps == null ? List.of() : apps);
        users = List.copyOf(users == null ? List.of() : users);
    }

    /** The default Service Account's AppID. */
    public static final String DEFAULT_SERVICE_ACCOUNT_APP_ID = "wxsandbox0000001";
    /** The default website app's AppID. */
    public static final String DEFAULT_WEBSITE_APP_ID = "wxsandboxweb0001";
    /** The default Mini Program's AppID. */
    public static final String DEFAULT_MINI_PROGRAM_APP_ID = "wxsandboxmini001";

    /**
     * The built-in demo: one safe-mode Service Account (first), one website app and one Mini Program, all bound to
     * the Open Platform account (so a person has one unionid and an openid per app), and three people: alice
     * (phone +86 13800000001), bob (+86 13800000002) and carol (no phone number).
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
                new SandboxUser("carol", "王五", null, null)));
    }

    /** The same configuration listening elsewhere. */
    public SandboxConfig withAddress(String newHost, int newPort) {
        return new SandboxConfig(newHost, newPort, apps, users);
    }

    /**
     * Reads a JSON file such as {@code {"host":"127.0.0.1","port":8090,"apps":[{...}],"users":[{...}]}}.
     * A missing "apps" or "users" key keeps the defaults; an empty list means none.
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
        return new SandboxConfig(host, port, apps, users);
    }

    private static <T> List<T> readList(ObjectMapper mapper, JsonNode node, Class<T> type, Path source) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("sandbox config " + source + ": \"" + (type == SandboxApp.class ? "apps" : "users")
                    + "\" must be an array");
        }
        List<T> out = new ArrayList<>();
        for (JsonNode item : node) {
            out.add(Json.convert(mapper, item, type));
        }
        return out;
    }
}
