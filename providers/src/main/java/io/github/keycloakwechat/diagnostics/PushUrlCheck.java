package io.github.keycloakwechat.diagnostics;

import io.github.keycloakwechat.broker.ProviderMisconfiguredException;
import io.github.keycloakwechat.crypto.WeChatSignature;
import io.github.keycloakwechat.push.PushSecurity;
import io.github.keycloakwechat.resource.WeChatUrls;
import io.github.keycloakwechat.scan.SceneIds;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.util.EntityUtils;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What to paste into the product's push settings (服务器配置), and whether WeChat's URL verification would pass: this
 * server sends itself the signed GET WeChat sends, through its public URL, and expects the echo. The Token is shown
 * only as the vault reference the provider holds.
 */
public final class PushUrlCheck {

    private static final String CHECK = "push-url";
    private static final int TIMEOUT_MILLIS = 5000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;
    private final RealmModel realm;

    public PushUrlCheck(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * @param tokenSetting the provider's Token setting as stored: a vault reference, shown as is; anything else is a
     *                     plain secret (a realm import skips validation) and is not shown
     */
    public DiagnosticCheck run(String alias, PushSecurity security, String tokenSetting) {
        URI pushUrl = WeChatUrls.routes(session, realm.getName()).path("push").path(alias).build();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pushUrl", pushUrl.toString());
        details.put("token", tokenSetting == null ? "(not set)"
                : tokenSetting.trim().startsWith("${vault.") ? tokenSetting.trim() : "(a plain value: hidden; use a vault reference)");
        String token;
        try {
            details.put("messageMode", security.mode().configValue());
            token = security.token();
        } catch (ProviderMisconfiguredException e) {
            return DiagnosticCheck.failed(CHECK, "Reading the push settings", e);
        }
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = Integer.toString(RANDOM.nextInt(1_000_000_000));
        String echo = SceneIds.newToken();
        URI verification = UriBuilder.fromUri(pushUrl).queryParam("signature", WeChatSignature.sign(token, timestamp, nonce))
                .queryParam("timestamp", timestamp).queryParam("nonce", nonce).queryParam("echostr", echo).build();
        HttpGet get = new HttpGet(verification);
        get.setConfig(RequestConfig.custom().setConnectTimeout(TIMEOUT_MILLIS).setSocketTimeout(TIMEOUT_MILLIS)
                .setConnectionRequestTimeout(TIMEOUT_MILLIS).build());
        try (CloseableHttpResponse response = session.getProvider(HttpClientProvider.class).getHttpClient().execute(get)) {
            int status = response.getStatusLine().getStatusCode();
            String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            if (status == 200 && echo.equals(body.trim())) {
                return DiagnosticCheck.ok(CHECK, "A signed test GET to the push URL was answered as WeChat expects."
                        + " Paste the URL, the Token behind the reference and the mode into the push settings", details);
            }
            details.put("httpStatus", status);
            return DiagnosticCheck.problem(CHECK, "The push URL answered HTTP " + status + " without the echo",
                    status == 503 ? "The provider is misconfigured: check the Token and EncodingAESKey vault files"
                            : "Check that the URL reaches this realm's provider (hostname, reverse proxy path)", details);
        } catch (IOException e) {
            return DiagnosticCheck.problem(CHECK, "This server could not reach its own push URL: " + e.getMessage(),
                    "WeChat must reach this URL from the internet: check --hostname, the reverse proxy and the"
                            + " firewall (from inside, a public hostname may not resolve; then test from outside)", details);
        }
    }
}
