package io.github.keycloakwechat.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakwechat.condition.ClientAppConditionFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The browser flow of the README's "silent sign-in inside WeCom": a copy of "browser" whose forms start with a
 * CONDITIONAL sub-flow [Condition - client app (wecom), Identity Provider Redirector → wecom]. Inside the forms it does not
 * shadow the flow's alternatives: outside WeCom the condition is false and the username form shows as before.
 */
public final class BrowserFlows {

    public static final String FLOW = "wecom browser";
    private static final String SILENT = "wecom silent sign-in";

    private BrowserFlows() {
    }

    public static void useSilentWeComLogin(AdminClient admin, String realm, String alias) {
        String flows = "/" + enc(realm) + "/authentication/flows";
        admin.post(flows + "/browser/copy", Map.of("newName", FLOW)).expect(201);
        String forms = FLOW + " forms";
        admin.post(flows + "/" + enc(forms) + "/executions/flow", Map.of("alias", SILENT, "type", "basic-flow",
                "provider", "registration-page-form", "description", "Sign in silently inside the WeCom client")).expect(201);
        JsonNode silent = execution(admin, flows, e -> SILENT.equals(e.path("displayName").asText()));
        admin.put(flows + "/" + enc(FLOW) + "/executions", Map.of("id", silent.path("id").asText(),
                "requirement", "CONDITIONAL")).expect(202, 204);
        while (execution(admin, flows, e -> SILENT.equals(e.path("displayName").asText())).path("index").asInt() > 0) {
            admin.post("/" + enc(realm) + "/authentication/executions/" + silent.path("id").asText() + "/raise-priority",
                    Map.of()).expect(204);
        }
        admin.post(flows + "/" + enc(SILENT) + "/executions/execution",
                Map.of("provider", ClientAppConditionFactory.PROVIDER_ID)).expect(201);
        admin.post(flows + "/" + enc(SILENT) + "/executions/execution",
                Map.of("provider", "identity-provider-redirector")).expect(201);
        JsonNode condition = execution(admin, flows,
                e -> ClientAppConditionFactory.PROVIDER_ID.equals(e.path("providerId").asText()));
        JsonNode redirector = execution(admin, flows,
                e -> "identity-provider-redirector".equals(e.path("providerId").asText()) && e.path("level").asInt() > 1);
        for (JsonNode execution : new JsonNode[] {condition, redirector}) {
            admin.put(flows + "/" + enc(FLOW) + "/executions", Map.of("id", execution.path("id").asText(),
                    "requirement", "REQUIRED")).expect(202, 204);
        }
        admin.post("/" + enc(realm) + "/authentication/executions/" + redirector.path("id").asText() + "/config",
                Map.of("alias", "to-" + alias, "config", Map.of("defaultProvider", alias))).expect(201);
        admin.put("/" + enc(realm), Map.of("browserFlow", FLOW)).expect(204);
    }

    private static JsonNode execution(AdminClient admin, String flows, java.util.function.Predicate<JsonNode> which) {
        for (JsonNode execution : admin.get(flows + "/" + enc(FLOW) + "/executions").expect(200).body()) {
            if (which.test(execution)) {
                return execution;
            }
        }
        throw new AssertionError("no such execution in " + FLOW);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
