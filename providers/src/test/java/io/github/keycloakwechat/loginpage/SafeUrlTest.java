package io.github.keycloakwechat.loginpage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeUrlTest {

    @Test
    void anHttpsFrameIsAdmittedByItsOriginOnly() {
        SafeUrl.Frame frame = SafeUrl.frame("https://Brand.Example.com:8443/welcome?x=1#top").orElseThrow();
        assertEquals("https://brand.example.com:8443", frame.origin());
        assertEquals("https://Brand.Example.com:8443/welcome?x=1#top", frame.url());
        assertEquals("https://example.com", SafeUrl.frame("https://example.com/").orElseThrow().origin());
    }

    @Test
    void plainHttpFramesOnlyOnThisMachine() {
        assertEquals("http://localhost:3000", SafeUrl.frame("http://localhost:3000/x").orElseThrow().origin());
        assertEquals("http://127.0.0.1:8090", SafeUrl.frame("http://127.0.0.1:8090/").orElseThrow().origin());
        assertTrue(SafeUrl.frame("http://example.com/").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "//example.com/x",
            "/relative", "https://user:pw@example.com/", "ftp://example.com/", "https:///nohost", "https://exa mple.com/"})
    void refusesOtherFrames(String url) {
        assertTrue(SafeUrl.frame(url).isEmpty(), url);
    }

    /** A fuzzing finding: java.net.URI threw NumberFormatException here, which broke the whole login page. */
    @Test
    void aUrlTheJdkCannotEvenRejectProperlyIsRefused() {
        String url = "http://[::" + "7".repeat(70) + "127.0.0.1]:8/";
        assertEquals(Optional.empty(), SafeUrl.frame(url));
        assertEquals(Optional.empty(), SafeUrl.image(url));
    }

    /** A fuzzing finding: java.net.URI accepts any int as a port, which no browser (or CSP source) does. */
    @Test
    void aPortBeyond65535IsRefused() {
        assertEquals(Optional.empty(), SafeUrl.frame("http://[::1]:666666/"));
        assertEquals(Optional.empty(), SafeUrl.image("https://cdn.example.com:65536/a.png"));
        assertEquals("https://example.com:65535", SafeUrl.frame("https://example.com:65535/").orElseThrow().origin());
    }

    @Test
    void imagesMayBeHttpOrAPathHere() {
        assertEquals(Optional.of("https://cdn.example.com/a.png"), SafeUrl.image("https://cdn.example.com/a.png"));
        assertEquals(Optional.of("http://example.com/a.png"), SafeUrl.image("http://example.com/a.png"));
        assertEquals(Optional.of("/resources/x/login/wechat/img/a.png"), SafeUrl.image("/resources/x/login/wechat/img/a.png"));
        assertTrue(SafeUrl.image("javascript:alert(1)").isEmpty());
        assertTrue(SafeUrl.image("//evil.example/a.png").isEmpty());
        assertTrue(SafeUrl.image("data:image/svg+xml;base64,PHN2Zz4=").isEmpty());
    }
}
