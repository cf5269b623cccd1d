package io.github.keycloakwechat.it.support;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Headless Chromium driven by Selenium, with the locally installed {@code chromium} and {@code chromedriver}
 * (Debian packages; override with {@code -Dchrome.binary=...} / {@code -Dchromedriver.path=...}). The driver path
 * is given to Selenium explicitly, so Selenium Manager never runs and nothing is downloaded. Every instance gets a
 * fresh, temporary profile. A missing browser is a test failure, not a skip.
 */
public final class Chromium implements AutoCloseable {

    public static final String BINARY_PROPERTY = "chrome.binary";
    public static final String DRIVER_PROPERTY = "chromedriver.path";

    private final WebDriver driver;
    private final ChromeDriverService service;
    private final Path profileDir;
    private final Path screenshotDir;

    private Chromium(WebDriver driver, ChromeDriverService service, Path profileDir, Path screenshotDir) {
        this.driver = driver;
        this.service = service;
        this.profileDir = profileDir;
        this.screenshotDir = screenshotDir;
    }

    /** A desktop browser. */
    public static Chromium start() {
        return start(null);
    }

    /** A browser that announces {@code userAgent} (e.g. {@link HttpBrowser#WECHAT_USER_AGENT}); null for the default. */
    public static Chromium start(String userAgent) {
        Path binary = Path.of(System.getProperty(BINARY_PROPERTY, "/usr/bin/chromium"));
        Path driverPath = Path.of(System.getProperty(DRIVER_PROPERTY, "/usr/bin/chromedriver"));
        if (!Files.isExecutable(binary) || !Files.isExecutable(driverPath)) {
            throw new IllegalStateException("Chromium or chromedriver is missing (looked for " + binary + " and "
                    + driverPath + "). Install them (Debian: apt-get install chromium chromium-driver) or point -D"
                    + BINARY_PROPERTY + " and -D" + DRIVER_PROPERTY + " at them.");
        }
        // Selenium consults this before Selenium Manager; with it set (and the executable below) nothing is fetched.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, driverPath.toString());

        Path buildDir = buildDir();
        Path profile;
        try {
            profile = Files.createTempDirectory("chromium-profile-");
            Files.createDirectories(buildDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toFile());
        List<String> args = new ArrayList<>(List.of(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--password-store=basic",
                "--lang=en-US",
                "--window-size=1280,900",
                "--user-data-dir=" + profile));
        if (userAgent != null) {
            args.add("--user-agent=" + userAgent);
        }
        options.addArguments(args);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverPath.toFile())
                .usingAnyFreePort()
                .withLogFile(buildDir.resolve("chromedriver.log").toFile())
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            return new Chromium(driver, service, profile, buildDir.resolve("screenshots"));
        } catch (RuntimeException e) {
            service.stop();
            deleteQuietly(profile);
            throw new IllegalStateException("Chromium did not start (" + binary + ", " + driverPath + "); see "
                    + buildDir.resolve("chromedriver.log"), e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens {@code url} in the current tab. */
    public Chromium open(String url) {
        driver.get(url);
        return this;
    }

    /** A wait on this browser, e.g. {@code wait(Duration.ofSeconds(10)).until(...)}. */
    public WebDriverWait waitUpTo(Duration timeout) {
        return new WebDriverWait(driver, timeout);
    }

    /** The element, once it is on the page (up to 15 s). */
    public WebElement await(By locator) {
        return waitUpTo(Duration.ofSeconds(15)).until(d -> {
            List<WebElement> found = d.findElements(locator);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** Saves the viewport as {@code target/screenshots/<name>.png} and returns the file. */
    public Path screenshot(String name) {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        return save(name, png);
    }

    /** A PNG of one element (e.g. a QR code), for {@link QrDecoder}. */
    public byte[] screenshotOf(WebElement element) {
        return element.getScreenshotAs(OutputType.BYTES);
    }

    public byte[] screenshotOf(By locator) {
        return screenshotOf(await(locator));
    }

    /** Where screenshots go ({@code target/screenshots}). */
    public Path screenshotDir() {
        return screenshotDir;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profileDir);
        }
    }

    private Path save(String name, byte[] png) {
        try {
            Files.createDirectories(screenshotDir);
            Path file = screenshotDir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            Files.write(file, png);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path buildDir() {
        String configured = System.getProperty("it.build.dir");
        return configured == null || configured.isBlank() ? Path.of("target").toAbsolutePath() : Path.of(configured);
    }

    private static void deleteQuietly(Path dir) {
        try {
            KeycloakServer.deleteRecursively(dir);
        } catch (IOException | UncheckedIOException e) {
            // Chromium may still be writing its profile while it exits; a temp dir left behind is harmless.
        }
    }
}
