package io.github.keycloakwechat.it.support;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A browser without JavaScript: keeps cookies as browsers do (see {@link BrowserCookieJar}), sends a browser
 * User-Agent, and does <em>not</em> follow redirects on its own, so a test sees (and can stop at) every hop —
 * e.g. the redirect to an OIDC client's callback, which no server needs to answer.
 */
public final class HttpBrowser {

    /** A desktop Chrome on Linux. */
    public static final String DESKTOP_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    /** WeChat's built-in browser on Android (contains {@code MicroMessenger}). */
    public static final String WECHAT_USER_AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UQ1A.240205.004; wv) "
            + "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.120 Mobile Safari/537.36 "
            + "XWEB/1220133 MMWEBSDK/20240301 MMWEBID/1234 MicroMessenger/8.0.48.2580(0x28003036) WeChat/arm64 "
            + "Weixin NetType/WIFI Language/zh_CN ABI/arm64";
    /** WeCom's built-in browser (contains both {@code wxwork} and {@code MicroMessenger}). */
    public static final String WECOM_USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36 wxwork/4.1.22 (MicroMessenger/6.2) "
            + "WindowsWechat MailPlugin_Electron WeMail embeddisabled";

    private static final int MAX_REDIRECTS = 10;

    private final BrowserCookieJar cookies = new BrowserCookieJar();
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private volatile String userAgent = DESKTOP_USER_AGENT;
    private volatile String acceptLanguage = "en";

    /** One HTTP response as a browser sees it. */
    public record Page(int status, URI uri, HttpHeaders headers, String body) {

        public boolean isRedirect() {
            return status >= 300 && status < 400 && headers.firstValue("Location").isPresent();
        }

        /** The {@code Location} header, resolved against this page's URI. */
        public URI location() {
            String location = headers.firstValue("Location")
                    .orElseThrow(() -> new AssertionError("HTTP " + status + " from " + uri + " has no Location"));
            return uri.resolve(location);
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The body parsed as HTML (relative links resolve against this page's URI). */
        public Document html() {
            return Jsoup.parse(body, uri.toString());
        }

        /** The form matched by a CSS selector (e.g. {@code #kc-form-login}). */
        public Html.Form form(String cssSelector) {
            return Html.form(this, cssSelector);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + uri + (isRedirect() ? " -> " + headers.firstValue("Location").orElse("") : "");
        }
    }

    /** Sets the User-Agent of all later requests (e.g. {@link #WECHAT_USER_AGENT}). */
    public HttpBrowser userAgent(String userAgent) {
        this.userAgent = userAgent;
        return this;
    }

    public String userAgent() {
        return userAgent;
    }

    /** Sets the Accept-Language of all later requests (default {@code en}). */
    public HttpBrowser acceptLanguage(String acceptLanguage) {
        this.acceptLanguage = acceptLanguage;
        return this;
    }

    public Page get(String url) {
        return get(URI.create(url));
    }

    public Page get(URI uri) {
        return send(request(uri).GET().build());
    }

    /** Posts {@code application/x-www-form-urlencoded} fields (in the map's order), as a submitted HTML form does. */
    public Page postForm(String url, Map<String, String> fields) {
        return postForm(URI.create(url), fields);
    }

    public Page postForm(URI uri, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", uri.getScheme() + "://" + uri.getRawAuthority())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** An empty POST with extra headers, as a page's script sends (e.g. {@code X-Requested-With}). */
    public Page postWithHeaders(URI uri, Map<String, String> headers) {
        HttpRequest.Builder builder = request(uri).POST(HttpRequest.BodyPublishers.noBody());
        headers.forEach(builder::header);
        return send(builder.build());
    }

    /** Submits a form with its own fields (hidden inputs, defaults), overridden by {@code values}. */
    public Page submit(Html.Form form, Map<String, String> values) {
        Map<String, String> fields = new LinkedHashMap<>(form.fields());
        fields.putAll(values);
        return "get".equalsIgnoreCase(form.method())
                ? get(URI.create(form.action() + (form.action().getRawQuery() == null ? "?" : "&")
                        + fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                        .collect(Collectors.joining("&"))))
                : postForm(form.action(), fields);
    }

    /** Follows redirects (GET, as browsers do after a POST) until a non-redirect, at most 10 hops. */
    public Page followRedirects(Page page) {
        return followRedirects(page, uri -> false);
    }

    /**
     * Follows redirects, but stops <em>before</em> requesting a location that {@code stopAt} accepts, returning the
     * redirect that points there (its {@link Page#location()} is then e.g. the OIDC callback with the code).
     */
    public Page followRedirects(Page page, Predicate<URI> stopAt) {
        Page current = page;
        for (int hop = 0; current.isRedirect(); hop++) {
            if (hop >= MAX_REDIRECTS) {
                throw new AssertionError("more than " + MAX_REDIRECTS + " redirects, last " + current);
            }
            URI next = current.location();
            if (stopAt.test(next)) {
                return current;
            }
            current = get(next);
        }
        return current;
    }

    /** The value of the cookie named {@code name} that this browser would send to {@code uri}. */
    public Optional<String> cookie(URI uri, String name) {
        return cookies.value(uri, name);
    }

    public Optional<String> cookie(String url, String name) {
        return cookie(URI.create(url), name);
    }

    /** Forgets all cookies, like a new private window. */
    public void clearCookies() {
        cookies.clear();
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("User-Agent", userAgent)
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .header("Accept-Language", acceptLanguage);
    }

    private Page send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.uri(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
