package io.github.keycloakwechat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakwechat.it.support.FirstBrokerLoginFlows;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.KeycloakTest;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.WeChatRealm;
import io.github.keycloakwechat.it.support.WeChatSandbox;
import io.github.keycloakwechat.it.support.WebsiteLogin;
import io.github.keycloakwechat.mp.WeChatMpSetting;
import io.github.keycloakwechat.open.WeChatOpenSetting;
import io.github.keycloakwechat.sandbox.SandboxWeCom;
import io.github.keycloakwechat.sandbox.SandboxWeComApp;
import io.github.keycloakwechat.wecom.WeComSetting;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * What a person and an admin see when WeChat or WeCom fails, for every call the extension makes in a browser login
 * and every way a call can fail: too slow, refused, a 5xx, malformed JSON, an oversized answer, and the errcodes
 * the call is documented to return. For each: a localized page with a way back within 6 s, a log line naming the
 * failed step and the errcode, and a login that succeeds once the failure is lifted. At the end, no request thread
 * is still inside a WeChat call. (No secret in any log: {@code LogSecrets} checks every log of the run.)
 */
@KeycloakTest
class UpstreamFailureMatrixIT {

    private static final long PAGE_WITHIN_MILLIS = 6_000;

    /** A browser login of one provider, up to the page that shows a failure of {@code call}, or the app. */
    private record Flow(String name, String alias, String apiBaseUrlKey, List<String> calls,
                        BiFunction<WeChatRealm, HttpBrowser, HttpBrowser.Page> run,
                        BiPredicate<WeChatRealm, HttpBrowser.Page> landed) {
    }

    /** Access-token calls happen once per app and node: their cases each get a realm with apps of its own. */
    private static final List<String> TOKEN_CALLS = List.of("stable_token", "gettoken");
    /**
     * Calls for a bonus the login can do without (profile, name, mobile): when they fail, the login completes on
     * what WeChat already vouched for and the log says what was missing. Not the unionid of a first login in a realm
     * that links by unionid: without it the person would get a second account, so that login stops with a page.
     */
    private static final List<String> BONUS_CALLS = List.of("sns/userinfo", "user/get", "user/info");

    /** One failure of one call; {@code errcode} null for failures that are not a WeChat answer. */
    private record Failure(String name, Map<String, Object> fault, Integer errcode) {
    }

    @Test
    void everyCallAndEveryFailureGivesALocalizedPageAWayBackAndALogLine(WeChatSandbox wechat, KeycloakServer server)
            throws Exception {
        WeChatRealm shared = realmWithEveryProvider(wechat);

        List<Flow> flows = List.of(
                new Flow("Service Account QR page",
                        WeChatRealm.ALIAS, WeChatMpSetting.API_BASE_URL.key(), List.of("stable_token", "qrcode/create"),
                        (realm, browser) -> QrLogin.start(browser, realm.client()).page(),
                        (realm, page) -> page.html().selectFirst("#wechat-qr-image") != null),
                new Flow("Service Account scan, completing the login",
                        WeChatRealm.ALIAS, WeChatMpSetting.API_BASE_URL.key(), List.of("user/info"),
                        (realm, browser) -> scanned(wechat, browser, realm.client()), UpstreamFailureMatrixIT::landed),
                new Flow("Service Account scan, a first login where the unionid links accounts",
                        WeChatRealm.ALIAS, WeChatMpSetting.API_BASE_URL.key(), List.of("unionid"),
                        (realm, browser) -> scanned(wechat, browser, realm.client()), UpstreamFailureMatrixIT::landed),
                new Flow("inside WeChat's browser (web OAuth)",
                        WeChatRealm.ALIAS, WeChatMpSetting.API_BASE_URL.key(), List.of("sns/oauth2/access_token"),
                        (realm, browser) -> inWeChat(browser.userAgent(HttpBrowser.WECHAT_USER_AGENT), realm.client()),
                        UpstreamFailureMatrixIT::landed),
                new Flow("website login", WeChatRealm.WEBSITE_ALIAS, WeChatOpenSetting.API_BASE_URL.key(),
                        List.of("sns/oauth2/access_token", "sns/userinfo"),
                        (realm, browser) -> website(browser, realm.client()), UpstreamFailureMatrixIT::landed),
                new Flow("WeCom web login", WeChatRealm.WECOM_ALIAS, WeComSetting.API_BASE_URL.key(),
                        List.of("gettoken", "auth/getuserinfo", "user/get"),
                        (realm, browser) -> wecom(browser, realm.client()), UpstreamFailureMatrixIT::landed));

        Map<String, List<Integer>> errcodes = new LinkedHashMap<>();
        errcodes.put("stable_token", List.of(-1, 40013, 40125, 40164, 45009));
        errcodes.put("qrcode/create", List.of(-1, 40001, 45009, 45011, 48001));
        errcodes.put("user/info", List.of(-1, 40001, 40003, 45009));
        errcodes.put("unionid", List.of(-1, 40001, 40003, 45009));
        errcodes.put("sns/oauth2/access_token", List.of(-1, 40029, 40163, 40125, 40226));
        errcodes.put("sns/userinfo", List.of(-1, 40001, 40003, 42001));
        errcodes.put("gettoken", List.of(-1, 40001, 40013, 60020));
        errcodes.put("auth/getuserinfo", List.of(-1, 40029, 42001, 50001, 60020));
        errcodes.put("user/get", List.of(-1, 42001, 60011, 60111));

        int cases = 0;
        long slowest = 0;
        List<String> failedCases = new ArrayList<>();
        for (Flow flow : flows) {
            for (String call : flow.calls()) {
                List<Failure> failures = new ArrayList<>(List.of(
                        new Failure("slower than the 5 s deadline", Map.of("delayMs", 30_000), null),
                        new Failure("HTTP 502", Map.of("httpStatus", 502), null),
                        new Failure("malformed JSON", Map.of("body", "{\"access_token\":"), null),
                        new Failure("a 100 KiB answer", Map.of("oversizeBytes", 100 * 1024), null)));
                errcodes.get(call).forEach(code -> failures.add(new Failure("errcode " + code, Map.of("errcode", code),
                        code)));
                boolean bonus = BONUS_CALLS.contains(call);
                for (Failure failure : failures) {
                    WeChatRealm realm = shared;
                    if (TOKEN_CALLS.contains(call)) {
                        realm = realmWithEveryProvider(wechat);
                    } else if (call.equals("unionid")) {
                        realm = realmWithEveryProvider(wechat);
                        FirstBrokerLoginFlows.useUnionidLinking(wechat.admin(), realm.name());
                    }
                    String locale = cases % 2 == 0 ? "zh-CN" : "en";
                    String label = flow.name() + ", " + call + ": " + failure.name() + " (" + locale + ")";
                    Map<String, Object> fault = new LinkedHashMap<>(failure.fault());
                    fault.put("api", call.equals("unionid") ? "user/info" : call);
                    fault.put("times", -1);
                    int mark = server.logMark();
                    wechat.phone().fault(fault);
                    long started = System.nanoTime();
                    HttpBrowser.Page page;
                    try {
                        page = flow.run().apply(realm, new HttpBrowser().acceptLanguage(locale));
                    } catch (AssertionError | RuntimeException e) {
                        failedCases.add(label + ": " + e);
                        cases++;
                        continue;
                    } finally {
                        wechat.phone().clearFaults();
                    }
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    String log = server.logSince(mark);
                    try {
                        if (bonus) {
                            assertTrue(flow.landed().test(realm, page), label + ": the login completes without it: " + page);
                            assertTrue(log.contains("Could not read"), label + ": the log says what is missing:\n" + log);
                        } else {
                            assertFailurePage(page, locale, label);
                            assertTrue(log.contains("WeChat provider") || log.contains("WeCom"), label
                                    + ": the log names the provider and the step:\n" + log);
                        }
                        if (failure.errcode() != null) {
                            assertTrue(log.contains("errcode " + failure.errcode()), label + ": the log names the errcode:\n"
                                    + log);
                        }
                        long lifted = System.nanoTime();
                        HttpBrowser.Page after = flow.run().apply(realm, new HttpBrowser());
                        assertTrue(flow.landed().test(realm, after), label + ": once lifted, the next login succeeds: " + after);
                        // The failing call's share of the time: the same walk without the failure is subtracted.
                        long waited = millis - (System.nanoTime() - lifted) / 1_000_000;
                        slowest = Math.max(slowest, waited);
                        assertTrue(waited < PAGE_WITHIN_MILLIS, label + ": the page came " + waited + " ms later than"
                                + " without the failure");
                    } catch (AssertionError | RuntimeException e) {
                        failedCases.add(label + ": " + e);
                    }
                    cases++;
                }
            }
        }
        // Refused connections: the provider's API base URL points at a port nobody listens on.
        for (Flow flow : flows) {
            String alias = flow.alias();
            String key = flow.apiBaseUrlKey();
            WeChatRealm realm = realmWithEveryProvider(wechat);
            ObjectNode idp = (ObjectNode) wechat.admin().getIdentityProvider(realm.name(), alias);
            String original = idp.path("config").path(key).asText();
            ((ObjectNode) idp.get("config")).put(key, "http://127.0.0.1:9");
            wechat.admin().updateIdentityProvider(realm.name(), idp);
            String label = flow.name() + ": connection refused";
            try {
                long started = System.nanoTime();
                HttpBrowser.Page page = flow.run().apply(realm, new HttpBrowser().acceptLanguage("zh-CN"));
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertFailurePage(page, "zh-CN", label);
                assertTrue(millis < PAGE_WITHIN_MILLIS, label + ": the page came after " + millis + " ms");
            } catch (AssertionError | RuntimeException e) {
                failedCases.add(label + ": " + e);
            } finally {
                ((ObjectNode) idp.get("config")).put(key, original);
                wechat.admin().updateIdentityProvider(realm.name(), idp);
            }
            cases++;
        }

        String threads = threadDump(server);
        System.out.printf("[measure] upstream failure matrix: %d cases, %d passed, slowest failure page %d ms%n", cases,
                cases - failedCases.size(), slowest);
        failedCases.forEach(failed -> System.out.println("[failure matrix] FAILED " + failed));
        assertEquals(List.of(), failedCases);
        assertFalse(threads.contains("io.github.keycloakwechat.api."),
                "no request thread is still inside a WeChat call:\n" + threads);
    }

    private static void assertFailurePage(HttpBrowser.Page page, String locale, String label) {
        String text = page.html().text();
        boolean qrPage = page.html().selectFirst("#wechat-qr-state") != null;
        Element message = qrPage ? page.html().selectFirst("#wechat-qr-state")
                : page.html().selectFirst("#input-error, .alert-error, .kc-feedback-text, .pf-v5-c-alert__title, "
                        + "#kc-error-message, .pf-m-danger");
        assertNotNull(message, label + ": a message on the page: " + page + "\n" + text);
        assertFalse(message.text().isBlank(), label + ": the message has words");
        if (locale.equals("zh-CN")) {
            assertTrue(message.text().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                    label + ": the message is in Chinese: " + message.text());
        } else {
            assertTrue(message.text().chars().anyMatch(Character::isLetter)
                    && message.text().codePoints().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                    label + ": the message is in English: " + message.text());
        }
        boolean wayBack = qrPage ? page.html().selectFirst("a#wechat-qr-back[href]") != null
                : page.html().selectFirst("a[href]#social-" + WeChatRealm.ALIAS + ", #kc-form-login, a[href*='/login-actions/'], a#backToApplication") != null;
        assertTrue(wayBack, label + ": a way back to the sign-in methods: " + text);
    }

    /** The QR page, the scan on the phone, the poll, and the page's final navigation into Keycloak. */
    private static HttpBrowser.Page scanned(WeChatSandbox wechat, HttpBrowser browser, OidcClientFlow app) {
        QrLogin login = QrLogin.start(browser, app);
        if (login.page().html().selectFirst("#wechat-qr-image") == null) {
            return login.page(); // WeChat failed before the code was shown
        }
        assertTrue(wechat.phone().scan("alice", login.qrUrl()).delivered());
        assertEquals("scanned", login.status("pending", 25));
        return login.complete();
    }

    private static HttpBrowser.Page inWeChat(HttpBrowser weChat, OidcClientFlow app) {
        HttpBrowser.Page login = weChat.followRedirects(weChat.get(app.newAuthorizationRequest().uri()));
        Element button = login.html().selectFirst("a#social-" + WeChatRealm.ALIAS);
        assertNotNull(button, login::toString);
        HttpBrowser.Page toWeChat = weChat.get(login.uri().resolve(button.attr("href")));
        String location = toWeChat.header("Location").orElseThrow(() -> new AssertionError(toWeChat.toString()));
        HttpBrowser.Page consent = weChat.get(URI.create(location.substring(0, location.indexOf('#'))));
        HttpBrowser.Page back = weChat.submit(consent.form("form"), Map.of("user", "alice", "action", "allow"));
        return weChat.followRedirects(back, app::isCallback);
    }

    private static HttpBrowser.Page website(HttpBrowser browser, OidcClientFlow app) {
        WebsiteLogin login = WebsiteLogin.start(browser, app, WeChatRealm.WEBSITE_ALIAS);
        return login.returnTo(login.confirmAs("alice"));
    }

    private static HttpBrowser.Page wecom(HttpBrowser browser, OidcClientFlow app) {
        HttpBrowser.Page login = browser.followRedirects(browser.get(app.newAuthorizationRequest().uri()));
        Element button = login.html().selectFirst("a#social-" + WeChatRealm.WECOM_ALIAS);
        assertNotNull(button, login::toString);
        HttpBrowser.Page sso = browser.followRedirects(browser.get(login.uri().resolve(button.attr("href"))));
        HttpBrowser.Page back = browser.submit(sso.form("#sandbox-wwlogin-form"), Map.of("user", "zhangsan"));
        return browser.followRedirects(back, app::isCallback);
    }

    private static boolean landed(WeChatRealm realm, HttpBrowser.Page page) {
        return page.isRedirect() && realm.client().isCallback(page.location());
    }

    /**
     * A realm with the Service Account, website and WeCom providers, each on an app of its own: no node has an access
     * token for them yet.
     */
    private static WeChatRealm realmWithEveryProvider(WeChatSandbox wechat) {
        WeChatRealm realm = wechat.realm("plain");
        realm.addWebsiteProvider(wechat.sandbox(), true, Map.of());
        SandboxWeComApp app = SandboxWeComApp.of(SandboxWeCom.DEFAULT_CORP_ID, 1_000_100 + COUNTER.incrementAndGet(),
                "matrix-secret-" + realm.name(), "Failure matrix");
        wechat.sandbox().state().putWeComApp(app);
        realm.addWeComProvider(wechat.sandbox(), Map.of(WeComSetting.AGENT_ID.key(), app.agentId()));
        ObjectNode idp = (ObjectNode) wechat.admin().getIdentityProvider(realm.name(), WeChatRealm.WECOM_ALIAS);
        ((ObjectNode) idp.get("config")).put("clientSecret", app.secret());
        wechat.admin().updateIdentityProvider(realm.name(), idp);
        // Keycloak's first login page of a new realm is slow (caches, theme); a case must time only its failure.
        HttpBrowser warmUp = new HttpBrowser();
        assertEquals(200, warmUp.followRedirects(warmUp.get(realm.client().newAuthorizationRequest().uri())).status());
        return realm;
    }

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static String threadDump(KeycloakServer server) throws Exception {
        if (!server.isManaged()) {
            return "";
        }
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(server.jvmPid()), "Thread.print")
                .redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        return out;
    }
}
