package io.github.keycloakwechat.it.support;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the admin diagnostics' report ({@code /admin/realms/{realm}/wechat-diagnostics/{alias}}). */
public final class DiagnosticsReport {

    private DiagnosticsReport() {
    }

    /** The named check of {@code report}; fails the test when the report has none. */
    public static JsonNode check(JsonNode report, String name) {
        for (JsonNode check : report.path("checks")) {
            if (name.equals(check.path("check").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + report);
    }
}
