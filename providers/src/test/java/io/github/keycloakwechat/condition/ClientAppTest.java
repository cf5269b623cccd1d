package io.github.keycloakwechat.condition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClientAppTest {

    @Test
    void weComIsTestedFirstBecauseItsUserAgentAlsoSaysMicroMessenger() {
        assertEquals(ClientApp.WECOM, ClientApp.of("Mozilla/5.0 (iPhone) Mobile/14C92 wxwork/2.4.2 MicroMessenger/6.3.22 Language/zh"));
        assertEquals(ClientApp.WECHAT, ClientApp.of("Mozilla/5.0 (Linux; Android 14) MicroMessenger/8.0.50.2701(0x28003253) NetType/WIFI"));
        assertEquals(ClientApp.NEITHER, ClientApp.of("Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36"));
        assertEquals(ClientApp.NEITHER, ClientApp.of(null));
    }
}
