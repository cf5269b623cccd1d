package io.github.keycloakwechat.loginpage;

import org.keycloak.Config;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.forms.login.LoginFormsProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Makes {@link LoginPageFormsProvider} the server's login forms provider. Keycloak picks the factory with the highest
 * {@link #order()} above zero as an SPI's default; the built-in {@code freemarker} one has order 0. It renders every
 * page exactly as the built-in one does unless the realm's login theme opts in, so other realms are unaffected.
 * An operator can still choose the built-in one with {@code --spi-login--provider=freemarker} (the {@code wechat}
 * theme then shows its default look).
 */
public class LoginPageFormsProviderFactory implements LoginFormsProviderFactory {

    public static final String PROVIDER_ID = "wechat-login-page";

    private ProblemLog problemLog;

    @Override
    public LoginFormsProvider create(KeycloakSession session) {
        return new LoginPageFormsProvider(session, problemLog);
    }

    @Override
    public void init(Config.Scope config) {
        problemLog = new ProblemLog();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public int order() {
        return 1;
    }
}
