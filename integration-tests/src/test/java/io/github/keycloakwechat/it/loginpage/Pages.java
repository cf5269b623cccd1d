package io.github.keycloakwechat.it.loginpage;

import io.github.keycloakwechat.it.support.Chromium;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** Small browser helpers for the login page tests. */
final class Pages {

    private Pages() {
    }

    /** A computed CSS property of the first element matching {@code css}, as the browser resolved it. */
    static String computed(Chromium chromium, String css, String property) {
        WebElement element = chromium.await(By.cssSelector(css));
        return (String) js(chromium).executeScript(
                "return getComputedStyle(arguments[0]).getPropertyValue(arguments[1]);", element, property);
    }

    static Object script(Chromium chromium, String script, Object... args) {
        return js(chromium).executeScript(script, args);
    }

    /** Makes the viewport {@code width} x {@code height} CSS pixels, like a phone or a desktop screen. */
    static void viewport(Chromium chromium, int width, int height, boolean mobile) {
        ((ChromeDriver) chromium.driver()).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    private static JavascriptExecutor js(Chromium chromium) {
        return (JavascriptExecutor) chromium.driver();
    }
}
