package io.github.keycloakwechat.loginpage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CssColorTest {

    @ParameterizedTest
    @ValueSource(strings = {"#000", "#FFFA", "#07c160", "#07c16080", "rgb(1, 2, 3)", "rgba(255,255,255,0.12)",
            "rgb(10 20 30 / 50%)", "hsl(120deg, 50%, 40%)", "hsla(120 50% 40% / .5)", "WhiteSmoke", "transparent"})
    void acceptsColors(String color) {
        assertEquals(Optional.of(color), CssColor.parse(" " + color + " "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "red;}body{display:none", "#12345", "url(https://evil.example/x.png)", "expression(alert(1))",
            "rgb(1,2,3);color:red", "var(--x)", "red</style><script>alert(1)</script>", "rgba(1,2,3,\"x\")", "javascript:red",
            "notacolor"})
    void refusesAnythingElse(String value) {
        assertTrue(CssColor.parse(value).isEmpty(), value);
    }

    /** Values come from realm and client attributes and are parsed on every page view: no catastrophic backtracking. */
    @Test
    void hostileInputIsRefusedQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (String prefix : new String[] {"rgb(", "rgba(1,", "hsl(1 2 ", "rgb(1.1.1.1."}) {
                for (String filler : new String[] {"1", "1,", "1 ", ".1", "1%"}) {
                    String value = prefix + filler.repeat((60 - prefix.length()) / filler.length()) + "x"; // within the 64-char limit
                    assertTrue(CssColor.parse(value).isEmpty(), value);
                }
            }
        });
    }
}
