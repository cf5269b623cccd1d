package io.github.keycloakwechat.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.jsoup.nodes.Element;

/**
 * A website login (Open Platform) as a browser walks it over HTTP: the app's authorization request, the button on
 * Keycloak's login page, WeChat's (the sandbox's) QR page where the phone confirms, and the way back with the code.
 */
public final class WebsiteLogin {

    private final HttpBrowser browser;
    private final OidcClientFlow client;
    private final OidcClientFlow.AuthorizationRequest request;
    private final URI authorizeUri;
    private final HttpBrowser.Page wechatPage;

    private WebsiteLogin(HttpBrowser browser, OidcClientFlow client, OidcClientFlow.AuthorizationRequest request,
                         URI authorizeUri, HttpBrowser.Page wechatPage) {
        this.browser = browser;
        this.client = client;
        this.request = request;
        this.authorizeUri = authorizeUri;
        this.wechatPage = wechatPage;
    }

    /** From the app's authorization request to WeChat's QR page, clicking the provider's button on the way. */
    public static WebsiteLogin start(HttpBrowser browser, OidcClientFlow client, String alias) {
        OidcClientFlow.AuthorizationRequest request = client.newAuthorizationRequest();
        HttpBrowser.Page login = browser.followRedirects(browser.get(request.uri()));
        assertEquals(200, login.status(), login::toString);
        Element button = login.html().selectFirst("a#social-" + alias);
        assertNotNull(button, () -> "no button for " + alias + " on the login page: " + Html.abbreviate(login.body()));
        HttpBrowser.Page toWeChat = browser.get(login.uri().resolve(button.attr("href")));
        assertTrue(toWeChat.isRedirect(), toWeChat::toString);
        HttpBrowser.Page wechatPage = browser.followRedirects(toWeChat);
        assertEquals(200, wechatPage.status(), wechatPage::toString);
        return new WebsiteLogin(browser, client, request, toWeChat.location(), wechatPage);
    }

    /** Where Keycloak sent the browser: WeChat's {@code qrconnect} URL, with its query and fragment. */
    public URI authorizeUri() {
        return authorizeUri;
    }

    public HttpBrowser.Page wechatPage() {
        return wechatPage;
    }

    /** The person confirms on their phone; WeChat answers with the redirect to Keycloak's broker endpoint. */
    public URI confirmAs(String user) {
        HttpBrowser.Page answer = browser.submit(wechatPage.form("#sandbox-qrconnect-form"), Map.of("user", user));
        assertTrue(answer.isRedirect(), answer::toString);
        return answer.location();
    }

    /** Follows WeChat's redirect back into Keycloak, up to the app's callback if the login gets there. */
    public HttpBrowser.Page returnTo(URI brokerEndpoint) {
        return browser.followRedirects(browser.get(brokerEndpoint), client::isCallback);
    }

    /** Confirms as {@code user} and exchanges the app's code: the tokens the app gets. */
    public OidcClientFlow.Tokens completeAs(String user) {
        HttpBrowser.Page last = returnTo(confirmAs(user));
        if (!last.isRedirect() || !client.isCallback(last.location())) {
            throw new AssertionError("the login did not reach the app: " + last + "\n" + Html.abbreviate(last.body()));
        }
        return client.finish(request, last.location());
    }
}
