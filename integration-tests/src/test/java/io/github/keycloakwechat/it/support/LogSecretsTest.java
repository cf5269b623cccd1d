package io.github.keycloakwechat.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSecretsTest {

    private static final String APP_SECRET = "0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c";
    private static final String ACCESS_TOKEN = "81_Qn3Yx-kR9vT2mW7pL4sD8fG1hJ6kZ0aB5cE3rU9iO2pA7sD4fG8hJ1kL6zX3cV";

    @Test
    void findsASecretAnywhereInALineAndSaysWhereWithoutRepeatingIt(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("keycloak.log");
        Files.writeString(log, "INFO started\n"
                + "DEBUG GET https://api.weixin.qq.com/cgi-bin/qrcode/create?access_token=" + ACCESS_TOKEN + "&x=1\n"
                + "WARN nothing here\n"
                + "ERROR secret=" + APP_SECRET + "\n");

        List<LogSecrets.Hit> hits = LogSecrets.scan(List.of(log), Set.of(APP_SECRET, ACCESS_TOKEN));

        assertEquals(List.of(2, 4), hits.stream().map(LogSecrets.Hit::line).toList());
        assertFalse(hits.toString().contains(APP_SECRET) || hits.toString().contains(ACCESS_TOKEN));
    }

    @Test
    void aCleanLogAndShortValuesGiveNoHit(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("keycloak.log");
        Files.writeString(log, "INFO admin signed in; secret=" + APP_SECRET.substring(0, 20) + "\n");

        assertEquals(List.of(), LogSecrets.scan(List.of(log), Set.of(APP_SECRET, "admin")));
    }
}
