package io.github.keycloakwechat.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.keycloakwechat.it.support.FreePorts;
import io.github.keycloakwechat.it.support.HttpBrowser;
import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.LogSecrets;
import io.github.keycloakwechat.it.support.QrLogin;
import io.github.keycloakwechat.it.support.SandboxClient;
import io.github.keycloakwechat.sandbox.SandboxConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, run as a newcomer runs it: in a clean copy of this checkout (the files Git tracks or
 * would track, nothing built), {@code ./mvnw -Pdemo -DskipTests verify} read from the README itself. The demo must
 * come up, every URL it prints must answer, a scan on the sandbox phone must sign in to the demo app, and stopping the
 * command (SIGTERM, what Ctrl-C's SIGINT also triggers in the JVM) must stop Keycloak, the sandbox and the app.
 */
class DemoCommandIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String READY = "keycloak-wechat demo is running";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(12);
    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:\\d+[^\\s)]*");
    /** Keycloak, its management interface, the demo app and the sandbox. */
    private static final int[] DEMO_PORTS = {8080, 9000, 8081, SandboxConfig.DEFAULT_PORT};

    @Test
    void theReadmesFirstCommandBringsUpTheDemoAndAScanSignsInToTheDemoApp() throws Exception {
        for (int port : DEMO_PORTS) {
            assertFalse(FreePorts.inUse(port), "port " + port + " is taken; the demo needs it (is a demo running?)");
        }
        String command = demoCommand(Files.readString(ROOT.resolve("README.md")));
        Path clone = cleanCopy();
        Path output = clone.resolve("demo-command.log");
        System.out.println("[demo] running `" + command + "` in " + clone + " (output: " + output + ")");

        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "exec " + command).directory(clone.toFile())
                .redirectErrorStream(true);
        // This build's local repository (no second download), without touching the README's command line.
        builder.environment().put("MAVEN_ARGS", "-Dmaven.repo.local=" + System.getProperty("it.maven.repo.local"));
        long started = System.nanoTime();
        Process demo = builder.start();
        List<String> printed = new ArrayList<>();
        Thread reader = copyOutput(demo, output, printed);
        String stopped;
        try {
            awaitReady(demo, printed, output);
            System.out.printf("[measure] demo command on a clean copy: ready in %d s (downloads cached, first build)%n",
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());

            Set<String> urls = printedUrls(printed);
            assertTrue(urls.contains("http://127.0.0.1:8081/"), () -> "the demo app's URL is not printed: " + urls);
            assertTrue(urls.contains("http://127.0.0.1:8090/sandbox/phone"), () -> "no phone page URL: " + urls);
            for (String url : urls) {
                HttpBrowser.Page page = new HttpBrowser().followRedirects(new HttpBrowser().get(URI.create(url)));
                assertEquals(200, page.status(), () -> url + " printed by the demo does not answer: " + page);
            }

            // A newcomer's first sign-in: the demo app's link, the QR on Keycloak's page, a scan on the phone page.
            HttpBrowser browser = new HttpBrowser();
            HttpBrowser.Page home = browser.get(URI.create("http://127.0.0.1:8081/"));
            assertNotNull(home.html().selectFirst("a[href='/login?hint=wechat-mp']"), home::body);
            QrLogin qr = QrLogin.onPage(browser,
                    browser.followRedirects(browser.get(URI.create("http://127.0.0.1:8081/login?hint=wechat-mp"))));
            SandboxClient.ScanResult scan = new SandboxClient("http://127.0.0.1:" + SandboxConfig.DEFAULT_PORT)
                    .scan("alice", qr.qrUrl());
            assertTrue(scan.delivered(), scan.body()::toString);
            assertEquals("scanned", qr.status("pending", 25));
            HttpBrowser.Page landed = browser.followRedirects(browser.get(qr.completionUri()));
            assertEquals(200, landed.status(), landed::toString);
            assertTrue(landed.uri().toString().startsWith("http://127.0.0.1:8081/callback"), landed.uri()::toString);
            assertTrue(landed.html().selectFirst("#demo-signed-in").text().startsWith("Signed in as"), landed::body);
            assertFalse(landed.html().selectFirst("td[data-claim=sub]").text().isBlank(), landed::body);
        } finally {
            stopped = stop(demo);
            reader.join(10_000);
            Path demoLog = clone.resolve("integration-tests/target/keycloak-demo.log");
            if (Files.exists(demoLog)) {
                LogSecrets.recordKeycloakLog(demoLog); // the run's secret scan covers the demo's Keycloak too
            }
        }
        assertEquals("stopped", stopped);
        for (int port : DEMO_PORTS) {
            assertFalse(FreePorts.inUse(port), "port " + port + " still open after the demo command was stopped");
        }
    }

    /** The first command of the README's "Two commands" block: the one that starts the demo. */
    static String demoCommand(String readme) {
        for (String line : readme.split("\n")) {
            if (line.startsWith("./mvnw") && line.contains("-Pdemo")) {
                return line.replaceFirst("#.*$", "").trim();
            }
        }
        throw new AssertionError("README.md has no ./mvnw -Pdemo command line");
    }

    /** What a clone would hold: the files Git tracks or would track, as they are in this working tree. */
    private static Path cleanCopy() throws IOException, InterruptedException {
        Path clone = Path.of(System.getProperty("it.build.dir", "target")).toAbsolutePath().resolve("demo-command-clone");
        KeycloakServer.deleteRecursively(clone);
        Process ls = new ProcessBuilder("git", "-c", "safe.directory=*", "-C", ROOT.toString(), "ls-files", "-z", "--cached", "--others",
                "--exclude-standard").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String files = new String(ls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ls.waitFor(60, TimeUnit.SECONDS) || ls.exitValue() != 0) {
            fail("git ls-files failed in " + ROOT + "; this test copies a Git checkout");
        }
        int copied = 0;
        for (String file : files.split("\0")) {
            Path source = ROOT.resolve(file);
            if (file.isEmpty() || !Files.isRegularFile(source)) {
                continue; // deleted in the working tree
            }
            Path target = clone.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            copied++;
        }
        assertTrue(copied > 100 && Files.isExecutable(clone.resolve("mvnw")), "copied " + copied + " files");
        return clone;
    }

    private static Thread copyOutput(Process demo, Path output, List<String> printed) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter log = new PrintWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8), true)) {
                String line;
                while ((line = in.readLine()) != null) {
                    log.println(line);
                    synchronized (printed) {
                        printed.add(line);
                        printed.notifyAll();
                    }
                }
            } catch (IOException e) {
                // The process ended; what it printed is in the file.
            }
        }, "demo-command-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static void awaitReady(Process demo, List<String> printed, Path output) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        synchronized (printed) {
            while (printed.stream().noneMatch(line -> line.contains(READY))) {
                if (!demo.isAlive()) {
                    fail("the demo command ended (exit " + demo.exitValue() + ") before the demo ran:\n" + tail(printed));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("the demo was not running after " + READY_TIMEOUT.toMinutes() + " min; output " + output
                            + ":\n" + tail(printed));
                }
                printed.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000));
            }
        }
        // The block of URLs is printed right after the ready line.
        Thread.sleep(500);
    }

    private static Set<String> printedUrls(List<String> printed) {
        Set<String> urls = new LinkedHashSet<>();
        synchronized (printed) {
            boolean inBlock = false;
            for (String line : printed) {
                inBlock |= line.contains(READY);
                Matcher url = URL.matcher(line);
                while (inBlock && url.find()) {
                    String found = url.group().replaceAll("[,.]$", "");
                    if (!found.endsWith("/openid-connect/token")) { // POST only: the curl example
                        urls.add(found);
                    }
                }
            }
        }
        return urls;
    }

    /**
     * SIGTERM, as Ctrl-C's SIGINT, runs the demo's shutdown hooks; whatever still runs a minute later is killed.
     * Returns "stopped", or what did not stop.
     */
    private static String stop(Process demo) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(demo.descendants().toList());
        demo.destroy();
        boolean exited = demo.waitFor(60, TimeUnit.SECONDS);
        boolean childrenGone = tree.stream().allMatch(child -> {
            try {
                child.onExit().get(30, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                return !child.isAlive();
            }
        });
        if (exited && childrenGone) {
            return "stopped";
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        demo.destroyForcibly();
        return "not stopped within a minute of SIGTERM: the command " + (exited ? "ended" : "still ran")
                + ", its children (Keycloak) " + (childrenGone ? "ended" : "still ran");
    }

    private static String tail(List<String> printed) {
        return String.join("\n", printed.subList(Math.max(0, printed.size() - 60), printed.size()));
    }
}
