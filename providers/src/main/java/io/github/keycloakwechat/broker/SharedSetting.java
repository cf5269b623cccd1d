package io.github.keycloakwechat.broker;

/** Settings every WeChat-family provider has, declared once here and listed after the provider's own. */
public enum SharedSetting implements ProviderSetting {
    NEW_USERS(SettingSpec.choice("newUsers", "New users",
            "create: a WeChat person who matches no user gets a new account. refuse: they are told their WeChat is not "
                    + "bound to an account here, to sign in another way and bind WeChat under account settings.",
            NewUsers.CREATE.configValue(), NewUsers.CREATE.configValue(), NewUsers.REFUSE.configValue()));

    private final SettingSpec spec;

    SharedSetting(SettingSpec spec) {
        this.spec = spec;
    }

    @Override
    public SettingSpec spec() {
        return spec;
    }
}
