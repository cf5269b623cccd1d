package io.github.keycloakwechat.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report as the admin console tab shows it: a summary, then each check with its fix and details. */
class ReportTextTest {

    private static final Instant CHECKED = Instant.parse("2026-11-30T07:41:02Z");

    @Test
    void aProblemShowsItsFixAndDetails() {
        Map<String, Object> push = new LinkedHashMap<>();
        push.put("pushUrl", "https://sso.example.com/realms/demo/wechat/push/wechat-mp");
        push.put("token", "${vault.wechat_token}");
        WeChatDiagnostics.Report report = new WeChatDiagnostics.Report("wechat-mp", "wechat-mp", false, List.of(
                DiagnosticCheck.problem("access-token", "Fetching an access token was refused: errcode 40164 (ip)",
                        "Fix: add this server's egress IP to the app's IP whitelist", Map.of("errcode", 40164)),
                DiagnosticCheck.ok("push-url", "A signed test GET to the push URL was answered", push),
                DiagnosticCheck.skipped("qr-code", "Not a Service Account")));
        assertEquals("""
                wechat-mp (wechat-mp), checked 2026-11-30 07:41:02 UTC: 1 problem: access-token

                [problem] access-token
                  Fetching an access token was refused: errcode 40164 (ip)
                  → Fix: add this server's egress IP to the app's IP whitelist
                  errcode: 40164

                [ok] push-url
                  A signed test GET to the push URL was answered
                  pushUrl: https://sso.example.com/realms/demo/wechat/push/wechat-mp
                  token: ${vault.wechat_token}

                [skipped] qr-code
                  Not a Service Account
                """, ReportText.of(report, CHECKED));
    }

    @Test
    void theSummarySaysWhenNothingIsWrong() {
        WeChatDiagnostics.Report report = new WeChatDiagnostics.Report("web", "wechat-open", true,
                List.of(DiagnosticCheck.ok("vault", "A vault is configured", null)));
        assertEquals("web (wechat-open), checked 2026-11-30 07:41:02 UTC: no problems\n\n[ok] vault\n  A vault is configured\n",
                ReportText.of(report, CHECKED));
    }
}
