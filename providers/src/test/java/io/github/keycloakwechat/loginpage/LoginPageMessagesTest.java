package io.github.keycloakwechat.loginpage;

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

/** Everything a person sees of the login page and its admin tab exists in English and in Chinese. */
class LoginPageMessagesTest {

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = LoginPageMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void theAdminTabIsTranslated() throws IOException {
        Properties en = load("theme-resources/messages/messages_en.properties");
        Properties zh = load("theme-resources/messages/messages_zh_CN.properties");
        List<String> keys = new ArrayList<>(List.of(LoginPageTabFactory.PROVIDER_ID, LoginPageTabFactory.HELP_TEXT,
                "wechatLoginPageInvalid"));
        for (ProviderConfigProperty property : new LoginPageTabFactory().getConfigProperties()) {
            keys.add(property.getLabel());
            keys.add(property.getHelpText());
        }
        assertEquals(2 + 1 + 2 * LoginPageSetting.values().length, keys.size());
        for (String key : keys) {
            assertTrue(en.containsKey(key), "en: " + key);
            assertTrue(zh.containsKey(key), "zh_CN: " + key);
        }
    }

    @Test
    void theThemeSpeaksBothLanguages() throws IOException {
        Properties en = load("theme/wechat/login/messages/messages_en.properties");
        Properties zh = load("theme/wechat/login/messages/messages_zh_CN.properties");
        assertEquals(en.stringPropertyNames(), zh.stringPropertyNames());
        for (String key : List.of("wechatTab.password", "wechatTab.qr", "wechatLoginMethods", "wechatQrFrameTitle",
                "wechatLeftPanelLabel", "wechatLeftFrameTitle")) {
            assertTrue(en.containsKey(key), key);
        }
    }
}
