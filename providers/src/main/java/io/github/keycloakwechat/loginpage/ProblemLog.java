package io.github.keycloakwechat.loginpage;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Logs each bad login page setting once per node instead of on every page view, so a typo cannot flood the log.
 * Lives in the provider factory (one per node); bounded, so a stream of different bad values cannot grow it forever.
 */
final class ProblemLog {

    private static final Logger LOG = Logger.getLogger(ProblemLog.class);
    private static final int MAX_REMEMBERED = 1000;

    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    LoginPageSettings.Problems forRealm(String realm, String client) {
        return (setting, why) -> {
            String key = realm + '\u0000' + client + '\u0000' + setting.attribute() + '\u0000' + why;
            if (logged.size() >= MAX_REMEMBERED) {
                logged.clear();
            }
            if (logged.add(key)) {
                LOG.warnf("Login page setting %s of realm %s%s is invalid (%s); the default is used instead.",
                        setting.attribute(), realm, client == null ? "" : " / client " + client, why);
            }
        };
    }
}
