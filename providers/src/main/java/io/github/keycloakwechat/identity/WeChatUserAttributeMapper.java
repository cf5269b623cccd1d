package io.github.keycloakwechat.identity;

import org.keycloak.broker.oidc.mappers.AbstractJsonUserAttributeMapper;
import org.keycloak.broker.social.SocialIdentityProvider;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * "WeChat attribute importer": copies a field of what WeChat returned ({@code openid}, {@code unionid},
 * {@code nickname}, {@code headimgurl}, {@code sex}, {@code province}, {@code city}, {@code country}, {@code appid})
 * into a user attribute, for every WeChat-family provider; a user-attribute protocol mapper then puts it in tokens.
 */
public class WeChatUserAttributeMapper extends AbstractJsonUserAttributeMapper {

    public static final String PROVIDER_ID = "wechat-user-attribute-mapper";

    private String[] compatibleProviders = new String[0];

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        super.postInit(factory);
        compatibleProviders = factory.getProviderFactoriesStream(SocialIdentityProvider.class)
                .filter(WeChatFamilyFactory.class::isInstance)
                .map(f -> f.getId())
                .sorted()
                .toArray(String[]::new);
    }

    @Override
    public String[] getCompatibleProviders() {
        return compatibleProviders;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "WeChat Attribute Importer";
    }

    @Override
    public String getHelpText() {
        return "Imports a field WeChat returned (openid, unionid, nickname, headimgurl, sex, province, city, country, "
                + "appid) into a user attribute.";
    }
}
