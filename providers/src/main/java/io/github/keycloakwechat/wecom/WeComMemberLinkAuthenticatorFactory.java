package io.github.keycloakwechat.wecom;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** "Link WeCom member by verified mobile or email", for first broker login flows. */
public class WeComMemberLinkAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "wecom-member-link";
    static final String LINK_BY = "linkBy";
    static final String PHONE_ATTRIBUTE = "phoneAttribute";
    static final String LINK_BY_USERNAME = "linkByUsername";
    static final String ON_NO_MATCH = "onNoMatch";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.ALTERNATIVE, AuthenticationExecutionModel.Requirement.REQUIRED,
            AuthenticationExecutionModel.Requirement.DISABLED};

    @Override
    public Authenticator create(KeycloakSession session) {
        return new WeComMemberLinkAuthenticator();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Link WeCom member by verified mobile or email";
    }

    @Override
    public String getReferenceCategory() {
        return "wecom-member-link";
    }

    @Override
    public String getHelpText() {
        return "Links a WeCom member, without a prompt, to the one existing user with the mobile or email WeCom verified. "
                + "Two matches are refused. Put it first in 'User creation or linking' of a copy of 'first broker login'.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(LINK_BY).label("Link by").type(ProviderConfigProperty.LIST_TYPE)
                .options(MemberLinkBy.MOBILE.configValue(), MemberLinkBy.EMAIL.configValue(), MemberLinkBy.BOTH.configValue())
                .defaultValue(MemberLinkBy.MOBILE.configValue())
                .helpText("The identifier WeCom verified that links a member to an existing user.").add()
                .property().name(PHONE_ATTRIBUTE).label("Phone attribute").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("phoneNumber").helpText("The user attribute that holds a mobile number.").add()
                .property().name(LINK_BY_USERNAME).label("Link by username = WeCom userid").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false")
                .helpText("Only where WeCom returned neither mobile nor email (web QR login): link to the user whose username "
                        + "is the member's userid. Turn it on only if this realm's usernames come from the same company "
                        + "directory as WeCom's userids.").add()
                .property().name(ON_NO_MATCH).label("When no user matches").type(ProviderConfigProperty.LIST_TYPE)
                .options("create", "refuse").defaultValue("create")
                .helpText("create: the rest of the flow creates the user. refuse: the member is told to sign in another way.")
                .add().build();
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENTS;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
