package io.github.keycloakwechat.wecom;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.api.WeComApi;
import io.github.keycloakwechat.api.WeComApi.WeComLogin;
import io.github.keycloakwechat.api.WeComApi.WeComMemberDetail;
import io.github.keycloakwechat.api.WebOAuthApi;
import io.github.keycloakwechat.broker.LoginFailure;
import io.github.keycloakwechat.broker.ProviderMisconfiguredException;
import io.github.keycloakwechat.broker.WeChatIdentityProvider;
import io.github.keycloakwechat.broker.WeChatUserAgent;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.broker.oidc.mappers.AbstractJsonUserAttributeMapper;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.ErrorPage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * WeCom (企业微信) login: WeCom's web login QR from a normal browser, OAuth inside the WeCom client (silent with
 * {@code snsapi_base}). The code comes back to the broker endpoint and is resolved server-side with the app's access
 * token; the identity is the member's userid in this corp. People outside the corp are refused.
 */
public class WeComIdentityProvider extends WeChatIdentityProvider<WeComConfig> {

    private static final Logger LOG = Logger.getLogger(WeComIdentityProvider.class);

    private final WeComIdentityProviderFactory factory;

    public WeComIdentityProvider(KeycloakSession session, WeComConfig config, WeComIdentityProviderFactory factory) {
        super(session, config);
        this.factory = factory;
    }

    @Override
    public Response performLogin(AuthenticationRequest request) {
        WeComConfig config = getConfig();
        String state = request.getState().getEncoded();
        try {
            String userAgent = request.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.USER_AGENT);
            if (WeChatUserAgent.isWeCom(userAgent)) {
                return Response.seeOther(WebOAuthApi.authorizeUrl(config.oauthBaseUrl(), WebOAuthApi.IN_WECHAT_AUTHORIZE_PATH,
                        config.appId(), request.getRedirectUri(), config.inClientScope().configValue(), state,
                        Map.of("agentid", config.agentId()))).build();
            }
            // WeCom's web login (wwlogin), not the deprecated qrConnect.
            return Response.seeOther(UriBuilder.fromUri(config.loginBaseUrl() + "/wwlogin/sso/login")
                    .queryParam("login_type", config.loginType().configValue())
                    .queryParam("appid", config.appId())
                    .queryParam("agentid", config.agentId())
                    .queryParam("redirect_uri", request.getRedirectUri())
                    .queryParam("state", state)
                    .queryParam("lang", config.language())
                    .build()).build();
        } catch (ProviderMisconfiguredException e) {
            return ErrorPage.error(session, request.getAuthenticationSession(), Response.Status.SERVICE_UNAVAILABLE,
                    LoginFailure.messageKey(config.getAlias(), "starting a WeCom login", e));
        }
    }

    @Override
    public Response completeWebOAuth(AuthenticationCallback callback, AuthenticationSessionModel login, String code) {
        WeComConfig config = getConfig();
        try {
            WeComApi api = factory.api(session, config);
            WeComLogin who = api.userOfCode(code);
            if (who.userid() == null) {
                LOG.infof("WeCom provider %s refused someone who is not a member of corp %s", config.getAlias(), config.appId());
                return callback.error(config, "wecomNotMember");
            }
            WeComMemberDetail detail = who.userTicket() == null ? null : detailOrNull(api, who.userTicket());
            String name = nameOrNull(api, who.userid());
            return authenticated(callback, login, identity(who.userid(), name, detail),
                    isLinked(login.getRealm(), who.userid()));
        } catch (WeChatApiException | ProviderMisconfiguredException e) {
            return failed(callback, "the WeCom code exchange", e);
        }
    }

    private BrokeredIdentityContext identity(String userid, String name, WeComMemberDetail detail) {
        BrokeredIdentityContext identity = new BrokeredIdentityContext(userid, getConfig());
        identity.setBrokerUserId(userid);
        identity.setUsername(getConfig().usernameIsUserid() ? userid : digestUsername(userid));
        if (name != null) {
            identity.setFirstName(name);
        }
        ObjectNode profile = JsonNodeFactory.instance.objectNode().put("userid", userid).put("corpid", getConfig().appId());
        if (name != null) {
            profile.put("name", name);
        }
        if (detail != null) {
            if (detail.email() != null) {
                identity.setEmail(detail.email());
                profile.put("email", detail.email());
            }
            if (detail.mobile() != null) {
                profile.put("mobile", detail.mobile());
            }
            if (detail.bizMail() != null) {
                profile.put("biz_mail", detail.bizMail());
            }
            if (detail.avatar() != null) {
                profile.put("avatar", detail.avatar());
            }
        }
        AbstractJsonUserAttributeMapper.storeUserProfileForMapper(identity, profile, getConfig().getAlias());
        return identity;
    }

    /** WeCom userids are unique in a corp only; Keycloak lower-cases usernames. */
    private String digestUsername(String userid) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((getConfig().appId() + ":" + userid).getBytes(StandardCharsets.UTF_8));
            return "wecom-" + HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The mobile and email are a bonus: the userid is known, a failure here does not stop the login. */
    private WeComMemberDetail detailOrNull(WeComApi api, String userTicket) {
        try {
            return api.detail(userTicket);
        } catch (WeChatApiException e) {
            LOG.warnf("Could not read the WeCom member's details for provider %s (errcode %d)", getConfig().getAlias(), e.errcode());
            return null;
        }
    }

    private String nameOrNull(WeComApi api, String userid) {
        try {
            return api.name(userid);
        } catch (WeChatApiException e) {
            LOG.warnf("Could not read the WeCom member's name for provider %s (errcode %d)", getConfig().getAlias(), e.errcode());
            return null;
        }
    }

    @Override
    protected WebOAuthApi webOAuth() {
        // Unreachable: WeCom resolves codes with the app's token (completeWebOAuth is overridden).
        throw new UnsupportedOperationException("WeCom codes are resolved with auth/getuserinfo");
    }

    @Override
    protected boolean webOAuthReadsProfile() {
        return false;
    }
}
