package io.github.keycloakwechat.bench;

import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.OidcClientFlow;
import io.github.keycloakwechat.it.support.WeChatRealm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The first half of a QR login as many browsers do it, cheaply enough for tens of thousands on a shared machine: the
 * app's authorization request, then the WeChat button on Keycloak's login page, to the QR page — the same requests
 * as {@code QrLogin.start(new HttpBrowser(), client)}, each login with a cookie jar of its own, but over one shared
 * HTTP/1.1 client with keep-alive connections (as a reverse proxy in front of Keycloak would send them) and without
 * parsing the pages into a DOM. {@code HttpBrowser} builds an {@code HttpClient} per browser and upgrades each new
 * connection to HTTP/2 (h2c), which costs the load generator and Keycloak more CPU per login than the login itself.
 */
final class QrPageLoad {

    private static final Pattern BUTTON = Pattern.compile("<a\\b[^>]*\\bid=\"social-" + Pattern.quote(WeChatRealm.ALIAS)
            + "\"[^>]*>");
    private static final Pattern HREF = Pattern.compile("\\bhref=\"([^\"]+)\"");
    private static final Pattern EXPIRES_IN = Pattern.compile("data-expires-in=\"(\\d+)\"");
    private static final int MAX_REDIRECTS = 10;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final OidcClientFlow client;

    QrPageLoad(OidcClientFlow client) {
        this.client = client;
    }

    /** One new browser to the QR page; the QR lifetime the page announces. Throws unless it is a pending QR page. */
    int openQrPage() {
        Map<String, String> cookies = new LinkedHashMap<>();
        Page login = followRedirects(get(client.newAuthorizationRequest().uri(), cookies), cookies);
        if (login.status() != 200) {
            throw new AssertionError("login page: HTTP " + login.status() + " " + login.uri());
        }
        Matcher button = BUTTON.matcher(login.body());
        Matcher href = button.find() ? HREF.matcher(button.group()) : null;
        if (href == null || !href.find()) {
            throw new AssertionError("no WeChat button on the login page " + login.uri());
        }
        URI next = login.uri().resolve(href.group(1).replace("&amp;", "&"));
        Page qr = followRedirects(get(next, cookies), cookies);
        Matcher expiresIn = EXPIRES_IN.matcher(qr.body());
        if (qr.status() != 200 || !qr.body().contains("data-state=\"pending\"") || !expiresIn.find()) {
            throw new AssertionError("not a pending QR page: HTTP " + qr.status() + " " + qr.uri());
        }
        return Integer.parseInt(expiresIn.group(1));
    }

    private record Page(int status, URI uri, String location, String body) {
    }

    private Page followRedirects(Page page, Map<String, String> cookies) {
        Page current = page;
        for (int hop = 0; current.status() >= 300 && current.status() < 400 && current.location() != null; hop++) {
            if (hop >= MAX_REDIRECTS) {
                throw new AssertionError("more than " + MAX_REDIRECTS + " redirects, last " + current.uri());
            }
            current = get(current.uri().resolve(current.location()), cookies);
        }
        return current;
    }

    private Page get(URI uri, Map<String, String> cookies) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("User-Agent", HttpBrowser.DESKTOP_USER_AGENT)
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .header("Accept-Language", "en")
                .GET();
        synchronized (cookies) {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                remember(setCookie, cookies);
            }
            return new Page(response.statusCode(), uri, response.headers().firstValue("Location").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Keeps name=value of a Set-Cookie (one host, so paths and domains do not matter); a deletion removes it. */
    private static void remember(String setCookie, Map<String, String> cookies) {
        String[] attributes = setCookie.split(";");
        int equals = attributes[0].indexOf('=');
        if (equals <= 0) {
            return;
        }
        String name = attributes[0].substring(0, equals).trim();
        String value = attributes[0].substring(equals + 1).trim();
        boolean deleted = value.isEmpty();
        for (int i = 1; i < attributes.length && !deleted; i++) {
            String attribute = attributes[i].trim().toLowerCase(java.util.Locale.ROOT);
            deleted = attribute.equals("max-age=0") || attribute.startsWith("max-age=-")
                    || attribute.startsWith("expires=thu, 01 jan 1970") || attribute.startsWith("expires=thu, 01-jan-1970");
        }
        synchronized (cookies) {
            if (deleted) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }
}
