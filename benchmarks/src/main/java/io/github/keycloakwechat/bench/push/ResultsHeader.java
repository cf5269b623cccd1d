package io.github.keycloakwechat.bench.push;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * One benchmark's results as Markdown in {@code docs/benchmark-results/}: a title, the date, the machine and the
 * command, then the tables. The JMH benchmarks (main code) and the Keycloak-level ones (test code, through
 * {@code ResultsFile}) write the same header from here; {@code docs/benchmarks.md} links to these files.
 */
public final class ResultsHeader {

    public static final String COMMAND = "./mvnw -B install -DskipTests && ./mvnw -B -f benchmarks verify";

    private ResultsHeader() {
    }

    /**
     * Writes {@code <name>.md} to {@code bench.results.dir} and prints it with a {@code [measure]} prefix.
     *
     * @param onlyThis how to produce only this table, appended to the command
     */
    public static Path write(String name, String title, String onlyThis, String machineNote, String body) {
        String text = "# " + title + "\n\n"
                + "- Date: " + LocalDate.now() + "\n"
                + "- Machine: " + machine(machineNote) + "\n"
                + "- Command: `" + COMMAND + "`" + " (this table: `" + onlyThis + "`)\n\n"
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

    /** Cores, memory and JVM of this machine, then what else ran on it. */
    public static String machine(String note) {
        long memoryGib = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 30;
        return Runtime.getRuntime().availableProcessors() + " cores, " + memoryGib + " GiB, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "); " + note;
    }
}
