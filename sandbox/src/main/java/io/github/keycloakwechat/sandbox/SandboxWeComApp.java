package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A self-built app (自建应用) of a simulated WeCom (企业微信) corp, as configured on WeCom's admin console. A corp is
 * identified by its CorpID; it may have several apps, each with its own AgentId and Secret (so its own access
 * tokens). Members ({@link SandboxWeComMember}) belong to the corp, not to an app.
 *
 * @param corpId        the CorpID (企业ID), e.g. {@code wwsandboxcorp0001}: {@code corpid} of {@code cgi-bin/gettoken},
 *                      {@code appid} of the web login and in-client OAuth links
 * @param agentId       the AgentId (digits, e.g. {@code 1000002})
 * @param secret        the app's Secret ({@code corpsecret} of {@code cgi-bin/gettoken})
 * @param name          the app's display name
 * @param corpName      the corp's display name (shown on the login pages); defaults to the CorpID
 * @param trustedDomain the app's trusted domain (可信域名), {@code host} or {@code host:port}: the redirect_uri's host
 *                      (and port) must equal it. Null (the default): the sandbox accepts any http(s) redirect_uri
 */
public record SandboxWeComApp(String corpId, String agentId, String secret, String name, String corpName,
                              String trustedDomain) {

    private static final Pattern CORP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern AGENT_ID = Pattern.compile("[0-9]{1,10}");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})(:[0-9]{1,5})?");

    @JsonCreator
    public SandboxWeComApp {
        if (corpId == null || !CORP_ID.matcher(corpId).matches()) {
            throw new IllegalArgumentException("corpId must be 1..64 characters of [A-Za-z0-9_-]");
        }
        if (agentId == null || !AGENT_ID.matcher(agentId).matches()) {
            throw new IllegalArgumentException("agentId must be 1..10 digits (WeCom app " + corpId + ")");
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("secret is required for WeCom app " + corpId + "/" + agentId);
        }
        name = name == null || name.isBlank() ? "WeCom app " + agentId : name;
        corpName = corpName == null || corpName.isBlank() ? corpId : corpName;
        if (trustedDomain == null || trustedDomain.isBlank()) {
            trustedDomain = null;
        } else {
            trustedDomain = trustedDomain.strip().toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(trustedDomain).matches()) {
                throw new IllegalArgumentException("trustedDomain must be a host or host:port without scheme or path, e.g. "
                        + "\"sso.example.com\" or \"localhost:8080\" (WeCom app " + corpId + "/" + agentId + ")");
            }
        }
    }

    /** An app with any redirect domain allowed. */
    public static SandboxWeComApp of(String corpId, long agentId, String secret, String name) {
        return new SandboxWeComApp(corpId, Long.toString(agentId), secret, name, null, null);
    }

    /** The same app with another trusted domain ({@code host[:port]}), or none (null: any redirect is accepted). */
    public SandboxWeComApp withTrustedDomain(String domain) {
        return new SandboxWeComApp(corpId, agentId, secret, name, corpName, domain);
    }

    /** The same app with another Secret. */
    public SandboxWeComApp withSecret(String newSecret) {
        return new SandboxWeComApp(corpId, agentId, newSecret, name, corpName, trustedDomain);
    }

    /** The same app with another corp name. */
    public SandboxWeComApp withCorpName(String newCorpName) {
        return new SandboxWeComApp(corpId, agentId, secret, name, newCorpName, trustedDomain);
    }

    /**
     * Whether a redirect_uri is on this app's trusted domain: its host, and port if it has one, equal the domain
     * (scheme and path do not matter, as on WeCom). Always true without a trusted domain.
     */
    public boolean allowsRedirect(String redirectUri) {
        if (trustedDomain == null) {
            return true;
        }
        String hostPort = hostPort(redirectUri);
        return hostPort != null && hostPort.equals(trustedDomain);
    }

    /** "host" or "host:port" of a URL, lower case; null when it has none. */
    static String hostPort(String uri) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getHost() == null) {
                return null;
            }
            String host = parsed.getHost().toLowerCase(Locale.ROOT);
            return parsed.getPort() >= 0 ? host + ":" + parsed.getPort() : host;
        } catch (Exception e) {
            return null;
        }
    }
}
