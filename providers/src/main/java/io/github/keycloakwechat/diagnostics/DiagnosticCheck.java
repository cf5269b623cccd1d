package io.github.keycloakwechat.diagnostics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.keycloakwechat.api.WeChatApiException;
import io.github.keycloakwechat.api.WeChatUnavailableException;
import io.github.keycloakwechat.broker.LoginFailure;
import io.github.keycloakwechat.broker.ProviderMisconfiguredException;
import java.util.Map;

/**
 * One finding of the admin diagnostics: what was checked, whether it is fine, and in words what to change. Never
 * carries a secret: details hold URLs, vault references, modes and errcodes only.
 *
 * @param check   a stable name, e.g. {@code access-token}
 * @param status  {@code ok}, {@code problem}, or {@code skipped} (does not apply to this provider)
 * @param fix     what to change; null when nothing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiagnosticCheck(String check, String status, String message, String fix, Map<String, Object> details) {

    public static final String OK = "ok";
    public static final String PROBLEM = "problem";
    public static final String SKIPPED = "skipped";

    public static DiagnosticCheck ok(String check, String message, Map<String, Object> details) {
        return new DiagnosticCheck(check, OK, message, null, details);
    }

    public static DiagnosticCheck problem(String check, String message, String fix, Map<String, Object> details) {
        return new DiagnosticCheck(check, PROBLEM, message, fix, details);
    }

    public static DiagnosticCheck skipped(String check, String message) {
        return new DiagnosticCheck(check, SKIPPED, message, null, null);
    }

    /** A failed call to WeChat or WeCom, or a setting that stopped it, in the admin's terms. */
    public static DiagnosticCheck failed(String check, String call, Exception e) {
        if (e instanceof WeChatUnavailableException unavailable) {
            return problem(check, call + " failed: " + unavailable.getMessage(),
                    "Check that this server reaches the API (egress proxy, DNS, firewall) and try again", null);
        }
        if (e instanceof WeChatApiException api) {
            String fix = LoginFailure.fixFor(api.errcode());
            return problem(check, call + " was refused: errcode " + api.errcode() + " (" + api.errmsg() + ")",
                    fix == null ? "Look the errcode up in the troubleshooting table of the README" : fix,
                    Map.of("errcode", api.errcode()));
        }
        if (e instanceof ProviderMisconfiguredException) {
            return problem(check, "The provider is misconfigured: " + e.getMessage(),
                    "Correct the provider's settings (and the vault file they refer to)", null);
        }
        throw new IllegalArgumentException("not a WeChat failure", e);
    }

    public boolean isProblem() {
        return PROBLEM.equals(status);
    }
}
