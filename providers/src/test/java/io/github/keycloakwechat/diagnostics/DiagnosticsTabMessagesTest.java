package io.github.keycloakwechat.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

/** Every word of the diagnostics tab that the admin console shows exists in English and in Chinese. */
class DiagnosticsTabMessagesTest {

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = DiagnosticsTabMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void theTabIsTranslated() throws IOException {
        Properties en = load("theme-resources/messages/messages_en.properties");
        Properties zh = load("theme-resources/messages/messages_zh_CN.properties");
        List<String> keys = new ArrayList<>(List.of(DiagnosticsTabFactory.PROVIDER_ID, DiagnosticsTabFactory.HELP_TEXT,
                DiagnosticsTabFactory.UNKNOWN_PROVIDER));
        for (ProviderConfigProperty property : new DiagnosticsTabFactory().getConfigProperties()) {
            keys.add(property.getLabel());
            if (property.getHelpText() != null) {
                keys.add(property.getHelpText());
            }
        }
        // The report's script field would show its help text untranslated, so it has none.
        assertEquals(3 + 2 + 1, keys.size());
        for (String key : keys) {
            assertTrue(en.containsKey(key), "en: " + key);
            assertTrue(zh.containsKey(key), "zh_CN: " + key);
        }
        assertTrue(en.getProperty(DiagnosticsTabFactory.UNKNOWN_PROVIDER).contains("{0}"), "names the alias");
        assertTrue(zh.getProperty(DiagnosticsTabFactory.UNKNOWN_PROVIDER).contains("{0}"), "names the alias");
    }
}
