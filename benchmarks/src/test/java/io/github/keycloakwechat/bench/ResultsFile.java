package io.github.keycloakwechat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * One benchmark's results as Markdown in {@code docs/benchmark-results/}: a header with the date, the machine and
 * the command, then the tables. {@code docs/benchmarks.md} links to these files and summarizes them.
 */
public final class ResultsFile {

    public static final String COMMAND = "./mvnw -B install -DskipTests && ./mvnw -B -f benchmarks verify";

    private ResultsFile() {
    }

    /** Writes {@code <name>.md} and prints it with a {@code [measure]} prefix. */
    public static Path write(String name, String title, String body) {
        String text = "# " + title + "\n\n"
                + "- Date: " + LocalDate.now() + "\n"
                + "- Machine: " + machine() + "\n"
                + "- Command: `" + COMMAND + "`" + " (this table: `-Dit.test=" + name + "`)\n\n"
                + body.strip() + "\n";
        Path dir = Path.of(System.getProperty("bench.results.dir", "target/benchmark-results"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".md");
            Files.writeString(file, text);
            System.out.println("[measure] " + file + "\n" + text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cores, memory and JVM of this machine; the server and the load generator share it. */
    public static String machine() {
        long memoryGib = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 30;
        return Runtime.getRuntime().availableProcessors() + " cores, " + memoryGib + " GiB, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
                + "); Keycloak, the sandbox and the load generator on the same machine";
    }
}
