package io.github.keycloakwechat.broker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WeChatUserAgentTest {

    @Test
    void recognisesWeChatButNotWeCom() {
        assertTrue(WeChatUserAgent.isWeChat("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                + "(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN"));
        assertFalse(WeChatUserAgent.isWeChat("Mozilla/5.0 (iPhone) Mobile/14C92 wxwork/2.4.2 MicroMessenger/6.3.22 Language/zh"));
        assertFalse(WeChatUserAgent.isWeChat("Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36"));
        assertFalse(WeChatUserAgent.isWeChat(null));
    }
}
