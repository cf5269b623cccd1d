package io.github.keycloakwechat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class UserInfoApiTest extends SandboxTestSupport {

    private JsonNode userInfo(String token, String user) throws Exception {
        return getJson("/cgi-bin/user/info?access_token=" + enc(token) + "&openid=" + sandbox.state().openidOf(user, APP_ID)
                + "&lang=zh_CN");
    }

    @Test
    void followerHasUnionidOnlyWhenBoundAndNoNickname() throws Exception {
        String token = stableToken();
        sandbox.state().setFollows("alice", APP_ID, true);
        JsonNode bound = userInfo(token, "alice");
        assertEquals(1, bound.get("subscribe").asInt());
        assertEquals(sandbox.state().unionidOf("alice"), bound.get("unionid").asText());
        assertEquals("ADD_SCENE_OTHERS", bound.get("subscribe_scene").asText());
        assertTrue(bound.get("subscribe_time").asLong() > 0);
        assertFalse(bound.has("nickname"), "no nickname since 2021-12-27");
        assertFalse(bound.has("headimgurl"));

        configureApp("{\"openPlatformBound\":false}");
        JsonNode unbound = userInfo(token, "alice");
        assertEquals(1, unbound.get("subscribe").asInt());
        assertFalse(unbound.has("unionid"), unbound.toString());
        assertEquals(2, sandbox.state().calls("user/info"));
    }

    @Test
    void nonFollowerAndUnknownOpenid() throws Exception {
        String token = stableToken();
        JsonNode notFollowing = userInfo(token, "bob");
        assertEquals(0, notFollowing.get("subscribe").asInt());
        assertEquals(sandbox.state().openidOf("bob", APP_ID), notFollowing.get("openid").asText());
        assertTrue(notFollowing.has("unionid"));
        assertFalse(notFollowing.has("subscribe_time"));

        assertEquals(40003, getJson("/cgi-bin/user/info?access_token=" + enc(token) + "&openid=oNOBODY").get("errcode").asInt());
    }

    @Test
    void openidsDifferPerAppButUnionidIsShared() {
        SandboxState state = sandbox.state();
        String a = state.openidOf("alice", APP_ID);
        assertEquals(28, a.length());
        assertTrue(a.startsWith("o"));
        assertFalse(a.equals(state.openidOf("alice", "wxother")));
        assertFalse(a.equals(state.openidOf("bob", APP_ID)));
        assertEquals(a, state.openidOf("alice", APP_ID));
        assertTrue(state.unionidOf("alice").startsWith("u"));
    }
}
