package io.github.keycloakwechat.open;

import io.github.keycloakwechat.broker.WeChatProviderConfig;
import java.net.URI;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

/** Typed view of a {@code wechat-open} identity provider; see {@link WeChatOpenSetting}. */
public class WeChatOpenConfig extends WeChatProviderConfig {

    public static final String DEFAULT_OAUTH_BASE_URL = "https://open.weixin.qq.com";
    public static final String DEFAULT_WX_LOGIN_SCRIPT_URL = "https://res.wx.qq.com/connect/zh_CN/htmledition/js/wxLogin.js";

    public WeChatOpenConfig() {
    }

    public WeChatOpenConfig(IdentityProviderModel model) {
        super(model);
    }

    public WebsiteLoginMode loginMode() {
        return choice(WeChatOpenSetting.LOGIN_MODE, WebsiteLoginMode.class);
    }

    public WebsiteLanguage language() {
        return choice(WeChatOpenSetting.LANGUAGE, WebsiteLanguage.class);
    }

    @Override
    public String apiBaseUrl() {
        return baseUrl(WeChatOpenSetting.API_BASE_URL);
    }

    public String oauthBaseUrl() {
        return baseUrl(WeChatOpenSetting.OAUTH_BASE_URL);
    }

    public String wxLoginScriptUrl() {
        return value(WeChatOpenSetting.WX_LOGIN_SCRIPT_URL).trim();
    }

    /** The origin WeChat's panel is framed from: the only one the embedded page's CSP admits besides its own. */
    public String panelOrigin() {
        URI uri = URI.create(oauthBaseUrl());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    @Override
    public void validate(RealmModel realm) {
        super.validate(realm);
        loginMode();
        language();
        requireHttpUrl(WeChatOpenSetting.API_BASE_URL);
        requireHttpUrl(WeChatOpenSetting.OAUTH_BASE_URL);
        requireHttpUrl(WeChatOpenSetting.WX_LOGIN_SCRIPT_URL);
    }
}
