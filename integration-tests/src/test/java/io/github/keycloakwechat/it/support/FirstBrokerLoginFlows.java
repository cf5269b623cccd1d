package io.github.keycloakwechat.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakwechat.identity.UnionidLinkAuthenticatorFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sets a realm's first broker login flow up as the README tells an admin to: a copy of "first broker login" whose
 * "User creation or linking" starts with "Link WeChat account by unionid" (ALTERNATIVE), made the realm's default.
 */
public final class FirstBrokerLoginFlows {

    public static final String FLOW = "wechat first broker login";

    private FirstBrokerLoginFlows() {
    }

    public static void useUnionidLinking(AdminClient admin, String realm) {
        useLinking(admin, realm, UnionidLinkAuthenticatorFactory.PROVIDER_ID, Map.of());
    }

    /** The same with another linking authenticator, configured with {@code config} when it is not empty. */
    public static void useLinking(AdminClient admin, String realm, String authenticator, Map<String, String> config) {
        String flows = "/" + enc(realm) + "/authentication/flows";
        admin.post(flows + "/" + enc("first broker login") + "/copy", Map.of("newName", FLOW)).expect(201);
        String subflow = FLOW + " User creation or linking";
        admin.post(flows + "/" + enc(subflow) + "/executions/execution", Map.of("provider", authenticator)).expect(201);
        JsonNode link = execution(admin, flows, authenticator);
        if (!config.isEmpty()) {
            admin.post("/" + enc(realm) + "/authentication/executions/" + link.path("id").asText() + "/config",
                    Map.of("alias", authenticator + "-config", "config", config)).expect(201);
        }
        admin.put(flows + "/" + enc(FLOW) + "/executions",
                Map.of("id", link.path("id").asText(), "requirement", "ALTERNATIVE")).expect(202, 204);
        while (execution(admin, flows, authenticator).path("index").asInt() > 0) {
            admin.post("/" + enc(realm) + "/authentication/executions/" + link.path("id").asText() + "/raise-priority",
                    Map.of()).expect(204);
        }
        JsonNode placed = execution(admin, flows, authenticator);
        assertEquals("ALTERNATIVE", placed.path("requirement").asText(), placed::toString);
        assertEquals(subflow, parentOf(admin, flows, placed), placed::toString);
        admin.put("/" + enc(realm), Map.of("firstBrokerLoginFlow", FLOW)).expect(204);
    }

    private static JsonNode execution(AdminClient admin, String flows, String authenticator) {
        for (JsonNode execution : admin.get(flows + "/" + enc(FLOW) + "/executions").expect(200).body()) {
            if (authenticator.equals(execution.path("providerId").asText())) {
                return execution;
            }
        }
        throw new AssertionError(authenticator + " is not in " + FLOW);
    }

    /** The display name of the sub-flow that holds {@code execution} (the nearest earlier one a level up). */
    private static String parentOf(AdminClient admin, String flows, JsonNode execution) {
        String parent = null;
        for (JsonNode candidate : admin.get(flows + "/" + enc(FLOW) + "/executions").expect(200).body()) {
            if (candidate.path("id").asText().equals(execution.path("id").asText())) {
                return parent;
            }
            if (candidate.path("authenticationFlow").asBoolean()
                    && candidate.path("level").asInt() == execution.path("level").asInt() - 1) {
                parent = candidate.path("displayName").asText();
            }
        }
        return parent;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
