package io.github.keycloakwechat.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jsoup.nodes.Element;

/**
 * A QR login as a browser walks it over HTTP: the app's authorization request, the WeChat button on Keycloak's
 * login page, the QR page (whose image a phone would scan), the status poll and the final navigation.
 */
public final class QrLogin {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpBrowser browser;
    private final OidcClientFlow client;
    private final OidcClientFlow.AuthorizationRequest request;
    private final HttpBrowser.Page qrPage;

    private QrLogin(HttpBrowser browser, OidcClientFlow client, OidcClientFlow.AuthorizationRequest request,
                    HttpBrowser.Page qrPage) {
        this.browser = browser;
        this.client = client;
        this.request = request;
        this.qrPage = qrPage;
    }

    /** From the app's authorization request to the QR page, clicking the WeChat button on the way. */
    public static QrLogin start(HttpBrowser browser, OidcClientFlow client) {
        OidcClientFlow.AuthorizationRequest request = client.newAuthorizationRequest();
        HttpBrowser.Page login = browser.followRedirects(browser.get(request.uri()));
        assertEquals(200, login.status(), login::toString);
        Element button = login.html().selectFirst("a#social-" + WeChatRealm.ALIAS);
        assertNotNull(button, () -> "no WeChat button on the login page: " + Html.abbreviate(login.body()));
        HttpBrowser.Page qrPage = browser.followRedirects(browser.get(login.uri().resolve(button.attr("href"))));
        return new QrLogin(browser, client, request, qrPage);
    }

    /**
     * From the app's authorization request straight to the QR page of the provider {@code alias}
     * ({@code kc_idp_hint}), as an app does that offers WeChat sign-in itself.
     */
    public static QrLogin startWithHint(HttpBrowser browser, OidcClientFlow client, String alias) {
        OidcClientFlow.AuthorizationRequest request = client.newAuthorizationRequest(Map.of("kc_idp_hint", alias));
        HttpBrowser.Page qrPage = browser.followRedirects(browser.get(request.uri()));
        assertEquals(200, qrPage.status(), qrPage::toString);
        return new QrLogin(browser, client, request, qrPage);
    }

    /**
     * The QR page {@code qrPage} reached some other way (e.g. through an app's own sign-in link): for its QR, its
     * status and its completion URI; the completion is the caller's to follow.
     */
    public static QrLogin onPage(HttpBrowser browser, HttpBrowser.Page qrPage) {
        assertEquals(200, qrPage.status(), qrPage::toString);
        return new QrLogin(browser, null, null, qrPage);
    }

    public HttpBrowser.Page page() {
        return qrPage;
    }

    private Element box() {
        Element box = qrPage.html().selectFirst("#wechat-qr");
        assertNotNull(box, () -> "not a QR page: " + qrPage + "\n" + Html.abbreviate(qrPage.body()));
        return box;
    }

    public String scene() {
        return box().attr("data-scene");
    }

    /** What the QR encodes, read from the image the way a phone's camera would. */
    public String qrUrl() {
        return QrDecoder.decodeDataUri(qrPage.html().selectFirst("#wechat-qr-image").attr("src"));
    }

    /** One status poll; with {@code known}, a long poll that waits for a change (at most {@code waitSeconds}). */
    public String status(String known, int waitSeconds) {
        String url = box().attr("data-scan-base") + "/" + scene()
                + (known == null ? "" : "?known=" + known + "&wait=" + waitSeconds);
        HttpBrowser.Page answer = browser.get(url);
        assertEquals(200, answer.status(), answer::toString);
        try {
            JsonNode json = JSON.readTree(answer.body());
            return json.path("status").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI completionUri() {
        return URI.create(box().attr("data-complete-url") + URLEncoder.encode(scene(), StandardCharsets.UTF_8));
    }

    /** The page's final navigation, in {@code someBrowser}; stops at the app's callback if it gets there. */
    public HttpBrowser.Page complete(HttpBrowser someBrowser) {
        return someBrowser.followRedirects(someBrowser.get(completionUri()), client::isCallback);
    }

    public HttpBrowser.Page complete() {
        return complete(browser);
    }

    /** Completes and exchanges the code: the tokens the app gets. Fails if the login did not reach the app. */
    public OidcClientFlow.Tokens completeAndExchange() {
        HttpBrowser.Page last = complete();
        if (!last.isRedirect() || !client.isCallback(last.location())) {
            throw new AssertionError("the login did not reach the app: " + last + "\n" + Html.abbreviate(last.body()));
        }
        return client.finish(request, last.location());
    }
}
