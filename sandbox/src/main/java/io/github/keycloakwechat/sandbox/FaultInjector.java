package io.github.keycloakwechat.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Switchable failures for the simulated WeChat APIs: an errcode answer, an HTTP error status, a slow answer, a body
 * that is not what the API promises (malformed JSON), an oversized answer, for the next N calls of one API (or of
 * all: "*"). Lets tests check the extension's error handling and retries.
 */
final class FaultInjector {

    /** Counted endpoints that browsers load; a "*" fault skips them (name them to fault them). */
    static final Set<String> BROWSER_LOADED = Set.of("showqrcode", "qrconnect", "wxLogin.js", "sso/login");

    /** Unlimited: the fault stays until cleared. */
    static final int UNTIL_CLEARED = -1;

    /**
     * @param api        API name as counted ("stable_token", "qrcode/create", ...) or "*" (all but the
     *                   {@linkplain #BROWSER_LOADED pages and images browsers load})
     * @param errcode    answer {"errcode":..} (HTTP 200 unless httpStatus is set); null for none
     * @param errmsg     its errmsg; null for WeChat's usual wording
     * @param httpStatus answer with this HTTP status instead; null for none
     * @param delayMs    wait this long before answering (or before handling normally)
     * @param times      how many calls it affects, or {@link #UNTIL_CLEARED}
     * @param body       answer exactly this text as the JSON body (HTTP 200 unless httpStatus is set); null for none
     * @param oversizeBytes answer a valid JSON object padded to this many bytes; null for none
     */
    record Fault(String api, Integer errcode, String errmsg, Integer httpStatus, long delayMs, int times, String body,
                 Integer oversizeBytes) {
        Fault {
            if (api == null || api.isBlank()) {
                throw new IllegalArgumentException("\"api\" is required (an API name such as \"stable_token\", or \"*\")");
            }
            if (httpStatus != null && (httpStatus < 100 || httpStatus > 599)) {
                throw new IllegalArgumentException("\"httpStatus\" must be 100..599");
            }
            if (delayMs < 0 || delayMs > 120_000) {
                throw new IllegalArgumentException("\"delayMs\" must be 0..120000");
            }
            if (times == 0 || times < UNTIL_CLEARED) {
                throw new IllegalArgumentException("\"times\" must be at least 1, or -1 for until cleared");
            }
            if (oversizeBytes != null && (oversizeBytes < 1 || oversizeBytes > 16 * 1024 * 1024)) {
                throw new IllegalArgumentException("\"oversizeBytes\" must be 1..16777216");
            }
            if (errcode == null && httpStatus == null && delayMs == 0 && body == null && oversizeBytes == null) {
                throw new IllegalArgumentException(
                        "a fault needs \"errcode\", \"httpStatus\", \"delayMs\", \"body\" or \"oversizeBytes\"");
            }
        }

        /**
         * "*" leaves what browsers load alone (QR images, the qrconnect page, wxLogin.js, WeCom's sso/login page): an
         * open phone or login page would use up a fault meant for the extension's server calls.
         */
        boolean matches(String apiName) {
            return "*".equals(api) ? !BROWSER_LOADED.contains(apiName) : api.equals(apiName);
        }
    }

    /** A fault and how many more calls it affects. */
    private static final class Armed {
        final Fault fault;
        int remaining;

        Armed(Fault fault) {
            this.fault = fault;
            this.remaining = fault.times();
        }
    }

    private final List<Armed> faults = new ArrayList<>();

    synchronized void add(Fault fault) {
        faults.add(new Armed(fault));
    }

    synchronized void clear() {
        faults.clear();
    }

    /** The faults still armed; {@code times} is what remains of each. */
    synchronized List<Fault> active() {
        return faults.stream().map(a -> new Fault(a.fault.api(), a.fault.errcode(), a.fault.errmsg(), a.fault.httpStatus(),
                a.fault.delayMs(), a.remaining, a.fault.body(), a.fault.oversizeBytes())).toList();
    }

    /** The first fault for this API, counting one use of it; faults are applied in the order they were added. */
    synchronized Optional<Fault> take(String apiName) {
        for (int i = 0; i < faults.size(); i++) {
            Armed armed = faults.get(i);
            if (armed.fault.matches(apiName)) {
                if (armed.remaining != UNTIL_CLEARED && --armed.remaining == 0) {
                    faults.remove(i);
                }
                return Optional.of(armed.fault);
            }
        }
        return Optional.empty();
    }

    /** WeChat's usual wording for the errcodes people inject most. */
    static String defaultErrmsg(int errcode) {
        return switch (errcode) {
            case -1 -> "system error";
            case 40001 -> "invalid credential, access_token is invalid or not latest";
            case 40013 -> "invalid appid";
            case 40029 -> "invalid code";
            case 40163 -> "code been used";
            case 40226 -> "code blocked";
            case 40014 -> "invalid access_token";
            case 40125 -> "invalid appsecret";
            case 40164 -> "invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist";
            case 40243 -> "AppSecret已被冻结，请登录MP解冻后再次调用。";
            case 42001 -> "access_token expired";
            case 45009 -> "reach max api daily quota limit";
            case 45011 -> "api minute-quota reach limit  mustslower  retry next minute";
            case 48001 -> "api unauthorized";
            default -> "sandbox injected error";
        };
    }

    /**
     * WeCom's wording (qyapi.weixin.qq.com) for the errcodes people inject most; the router adds WeCom's
     * {@code ", hint: [...], from ip: ..., more info at https://open.work.weixin.qq.com/devtool/query?e=N"}.
     */
    static String defaultWeComErrmsg(int errcode) {
        return switch (errcode) {
            case -1 -> "system busy";
            case 40001 -> "invalid credential";
            case 40013 -> "invalid corpid";
            case 40014 -> "invalid access_token";
            case 40029 -> "invalid code";
            case 41001 -> "access_token missing";
            case 42001 -> "access_token expired";
            case 45009 -> "api freq out of limit";
            case 48002 -> "api forbidden";
            case 50001 -> "redirect_url not authorised";
            case 60011 -> "no privilege to access/modify contact/party/agent";
            case 60020 -> "not allow to access from your ip";
            case 60111 -> "userid not found";
            default -> "sandbox injected error";
        };
    }
}
