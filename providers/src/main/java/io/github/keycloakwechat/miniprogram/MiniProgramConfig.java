package io.github.keycloakwechat.miniprogram;

import io.github.keycloakwechat.broker.WeChatProviderConfig;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

/** Typed view of a {@code wechat-miniprogram} identity provider; see {@link MiniProgramSetting}. */
public class MiniProgramConfig extends WeChatProviderConfig {

    public MiniProgramConfig() {
    }

    public MiniProgramConfig(IdentityProviderModel model) {
        super(model);
    }

    @Override
    public String apiBaseUrl() {
        return baseUrl(MiniProgramSetting.API_BASE_URL);
    }

    public PhoneSignIn phoneSignIn() {
        return choice(MiniProgramSetting.PHONE_SIGN_IN, PhoneSignIn.class);
    }

    public String phoneAttribute() {
        return value(MiniProgramSetting.PHONE_ATTRIBUTE).trim();
    }

    public boolean storesPhone() {
        return flag(MiniProgramSetting.STORE_PHONE);
    }

    @Override
    public void validate(RealmModel realm) {
        super.validate(realm);
        requireHttpUrl(MiniProgramSetting.API_BASE_URL);
        phoneSignIn();
        require(!phoneAttribute().isEmpty(), "Phone attribute must not be empty");
    }
}
