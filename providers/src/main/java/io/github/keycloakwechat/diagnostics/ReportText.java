package io.github.keycloakwechat.diagnostics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * A diagnostics report as plain text for the admin console tab, which can show a field's text but no structure: a
 * summary line naming the provider and the time, then per check its status, what was found, what to fix, and the
 * details (the push URL to paste, an errcode ...). The same words as the REST endpoint's JSON, so no secret either.
 */
final class ReportText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ReportText() {
    }

    static String of(WeChatDiagnostics.Report report, Instant checkedAt) {
        List<String> problems = report.checks().stream().filter(DiagnosticCheck::isProblem)
                .map(DiagnosticCheck::check).toList();
        StringBuilder text = new StringBuilder()
                .append(report.alias()).append(" (").append(report.providerId()).append("), checked ")
                .append(TIME.format(checkedAt)).append(": ")
                .append(problems.isEmpty() ? "no problems"
                        : problems.size() + (problems.size() == 1 ? " problem: " : " problems: ") + String.join(", ", problems))
                .append('\n');
        for (DiagnosticCheck check : report.checks()) {
            text.append('\n').append('[').append(check.status()).append("] ").append(check.check()).append('\n');
            line(text, check.message());
            if (check.fix() != null) {
                // "→", not "Fix:": some fixes already begin with "Fix:" (they are also the login failure's log text).
                line(text, "→ " + check.fix());
            }
            if (check.details() != null) {
                for (Map.Entry<String, Object> detail : check.details().entrySet()) {
                    line(text, detail.getKey() + ": " + detail.getValue());
                }
            }
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String line) {
        if (line != null && !line.isBlank()) {
            text.append("  ").append(line).append('\n');
        }
    }
}
