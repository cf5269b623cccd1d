package io.github.keycloakwechat.mp;

import io.github.keycloakwechat.api.QrCode;
import io.github.keycloakwechat.api.QrCodeType;
import io.github.keycloakwechat.api.StableTokenSource;
import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.api.WeChatErrcodes;
import io.github.keycloakwechat.api.WeChatMpApi;
import io.github.keycloakwechat.api.WebOAuthApi;
import io.github.keycloakwechat.broker.ProviderMisconfiguredException;
import io.github.keycloakwechat.broker.ProviderSetting;
import io.github.keycloakwechat.broker.WeChatApiClients;
import io.github.keycloakwechat.broker.WeChatIdentityProviderFactory;
import io.github.keycloakwechat.confirm.PhoneConfirmingFactory;
import io.github.keycloakwechat.diagnostics.DiagnosticCheck;
import io.github.keycloakwechat.diagnostics.PushUrlCheck;
import io.github.keycloakwechat.push.PushReceivingFactory;
import io.github.keycloakwechat.qr.QrIssueLimiter;
import io.github.keycloakwechat.qr.QrIssuer;
import io.github.keycloakwechat.qr.QrLoginFactory;
import io.github.keycloakwechat.scan.ScanPushHandler;
import io.github.keycloakwechat.scan.ScanReplyText;
import io.github.keycloakwechat.scan.ScanWakeup;
import io.github.keycloakwechat.scan.SceneIds;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The {@code wechat-mp} identity provider. One factory exists per node, so it owns the node's access-token cache:
 * every login on this node shares one token per Service Account instead of fetching one each. It signs people in by
 * QR ({@link QrLoginFactory}) and receives the account's pushes ({@link PushReceivingFactory}).
 */
public class WeChatMpIdentityProviderFactory extends WeChatIdentityProviderFactory<WeChatMpIdentityProvider>
        implements QrLoginFactory, PushReceivingFactory, PhoneConfirmingFactory {

    public static final String PROVIDER_ID = "wechat-mp";
    /** This node's buckets of new login QR codes per provider and client address. */
    private final QrIssueLimiter qrIssueLimiter = new QrIssueLimiter();

    @Override
    public QrIssueLimiter qrIssueLimiter() {
        return qrIssueLimiter;
    }

    @Override
    protected WeChatApiClients newApiClients() {
        return new WeChatApiClients(WeChatErrcodes.TABLE, new StableTokenSource());
    }

    @Override
    protected ProviderSetting[] settings() {
        return WeChatMpSetting.values();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getName() {
        return "WeChat Service Account (微信服务号)";
    }

    @Override
    public WeChatMpIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new WeChatMpIdentityProvider(session, new WeChatMpConfig(model), this);
    }

    @Override
    public WeChatMpConfig createConfig() {
        return new WeChatMpConfig();
    }

    WeChatMpApi api(KeycloakSession session, WeChatMpConfig config) {
        return new WeChatMpApi(apiClients().http(session), apiClients().tokens(), config.credentials(session));
    }

    WebOAuthApi oauth(KeycloakSession session, WeChatMpConfig config) {
        return new WebOAuthApi(apiClients().http(session), config.credentials(session));
    }

    @Override
    public QrIssuer qrIssuer(KeycloakSession session, IdentityProviderModel model) {
        WeChatMpConfig config = new WeChatMpConfig(model);
        return new QrIssuer() {
            @Override
            public String alias() {
                return config.getAlias();
            }

            @Override
            public int lifetimeSeconds() {
                return config.qrLifetimeSeconds();
            }

            @Override
            public int codesPerMinutePerAddress() {
                return config.qrCodesPerMinute();
            }

            @Override
            public boolean confirmOnPhone() {
                return config.confirmOnPhone();
            }

            @Override
            public QrCode create(String sceneId) throws WeChatApiException {
                return api(session, config).createQrCode(sceneId, config.qrType(), config.qrLifetimeSeconds());
            }
        };
    }

    /** Besides the access token: a test QR code, and the push URL with WeChat's URL verification. */
    @Override
    public List<DiagnosticCheck> diagnose(KeycloakSession session, IdentityProviderModel model) {
        List<DiagnosticCheck> checks = super.diagnose(session, model);
        WeChatMpConfig config = new WeChatMpConfig(model);
        try {
            QrCode qr = api(session, config).createQrCode(SceneIds.newSceneId(), QrCodeType.TEMPORARY,
                    WeChatMpApi.MIN_TEMPORARY_EXPIRE_SECONDS);
            checks.add(DiagnosticCheck.ok("qr-code", "WeChat created a test login QR code (valid " + qr.expireSeconds()
                    + " s; its scene is not stored, so scanning it signs nobody in)", Map.of("qrUrl", qr.url())));
        } catch (WeChatApiException | ProviderMisconfiguredException e) {
            checks.add(DiagnosticCheck.failed("qr-code", "Creating a test QR code", e));
        }
        checks.add(new PushUrlCheck(session, session.getContext().getRealm()).run(config.getAlias(),
                config.pushSecurity(session), model.getConfig().get(WeChatMpSetting.TOKEN.key())));
        return checks;
    }

    @Override
    public Optional<PhoneIdentity> phoneIdentity(KeycloakSession session, IdentityProviderModel model) {
        WeChatMpConfig config = new WeChatMpConfig(model);
        if (!config.confirmOnPhone()) {
            return Optional.empty();
        }
        return Optional.of(new PhoneIdentity() {
            @Override
            public URI authorizeUrl(String redirectUri, String state) {
                return config.inWeChatAuthorizeUrl(redirectUri, InWeChatScope.SNSAPI_BASE, state);
            }

            @Override
            public String openid(String code) throws WeChatApiException {
                return oauth(session, config).exchangeCode(code).openid();
            }
        });
    }

    @Override
    public PushEndpoint pushEndpoint(KeycloakSession session, IdentityProviderModel model, ScanWakeup wakeup) {
        WeChatMpConfig config = new WeChatMpConfig(model);
        RealmModel realm = session.getContext().getRealm();
        ScanPushHandler scans = new ScanPushHandler(session, wakeup, realm.getId(), config.getAlias(),
                config.confirmOnPhone(), (outcome, confirmUrl) ->
                        ScanReplyText.forOutcome(session, realm, config.scanReplyText(), outcome, confirmUrl));
        return new PushEndpoint(config.pushSecurity(session), scans);
    }
}
