package io.github.keycloakwechat.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderModel;

class WeChatIdentityTest {

    @Test
    void theIdentityIsTheOpenidEvenWhenAUnionidIsKnown() {
        BrokeredIdentityContext context = WeChatIdentity.create(enabledIdp(), "wx1", "oAbC", "uXyZ");
        assertEquals("oAbC", context.getId());
        assertEquals("uXyZ", context.getContextData().get("wechat.unionid"));
    }

    @Test
    void usernamesDoNotCollideForOpenidsThatDifferOnlyInCase() {
        String upper = WeChatIdentity.username("wx1", "oABC");
        String lower = WeChatIdentity.username("wx1", "oabc");
        assertNotEquals(upper, lower);
        assertEquals(upper.toLowerCase(), upper);
        assertTrue(upper.startsWith("wechat-"));
    }

    @Test
    void anOpenidIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> WeChatIdentity.create(enabledIdp(), "wx1", " ", null));
    }

    private static IdentityProviderModel enabledIdp() {
        IdentityProviderModel model = new IdentityProviderModel();
        model.setAlias("wechat-mp");
        model.setEnabled(true);
        return model;
    }
}
