package io.github.keycloakwechat.it.loginpage;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The login theme {@code wechat} forks {@code template.ftl} and {@code login.ftl} of Keycloak's {@code keycloak.v2}
 * login theme. Keycloak changing those files at an upgrade would otherwise go unnoticed: the fork would keep serving
 * the old markup. This compares the upstream files in the unpacked distribution with the hashes recorded beside the
 * fork in {@code themes/wechat/login/FORKED-FROM.properties}. Needs only the dist, no running server.
 *
 * <p>The fork is taken from the pinned version ({@code keycloak.version}, hashes {@code <file>.sha256}). The older
 * versions the JAR supports ({@code checked.versions}) are checked against the hashes of their own upstream files
 * ({@code <file>.sha256.<version>}): someone compared those files with the fork and made it work there too.
 */
class ThemeForkGuardIT {

    private static final Path FORK_DIR = Path.of("..", "themes", "wechat", "login");
    private static final Path RECORD = FORK_DIR.resolve("FORKED-FROM.properties");
    /** How failure messages name the record: from the project root, where a person opens it. */
    private static final String RECORD_NAME = "themes/wechat/login/FORKED-FROM.properties";
    private static final String UPSTREAM_DIR = "theme/keycloak.v2/login/";
    private static final String HASH_SUFFIX = ".sha256";
    /** {@code org.keycloak.keycloak-themes-26.7.3.jar}, not {@code org.keycloak.keycloak-themes-vendor-26.7.3.jar}. */
    private static final Pattern THEMES_JAR = Pattern.compile("org\\.keycloak\\.keycloak-themes-(\\d[^/]*)\\.jar");

    private static Properties record;
    private static Path themesJar;
    private static String distVersion;

    @BeforeAll
    static void load() throws IOException {
        assertTrue(Files.isRegularFile(RECORD), "missing " + RECORD.toAbsolutePath().normalize());
        record = new Properties();
        try (Reader in = Files.newBufferedReader(RECORD, StandardCharsets.UTF_8)) {
            record.load(in);
        }

        String dist = System.getProperty("keycloak.dist.dir");
        assertTrue(dist != null && !dist.isBlank(), "system property keycloak.dist.dir is not set (Maven sets it)");
        Path libDir = Path.of(dist, "lib", "lib", "main");
        assertTrue(Files.isDirectory(libDir), "no unpacked Keycloak distribution at " + libDir);
        List<Path> jars;
        try (Stream<Path> files = Files.list(libDir)) {
            jars = files.filter(p -> THEMES_JAR.matcher(p.getFileName().toString()).matches()).toList();
        }
        assertEquals(1, jars.size(), "exactly one keycloak-themes JAR in " + libDir + ": " + jars);
        themesJar = jars.get(0);
        Matcher m = THEMES_JAR.matcher(themesJar.getFileName().toString());
        assertTrue(m.matches());
        distVersion = m.group(1);
    }

    @Test
    void theForkWasCheckedAgainstThisKeycloakVersion() {
        String recorded = record.getProperty("keycloak.version");
        assertNotNull(recorded, RECORD_NAME + " has no keycloak.version");
        if (checkedVersions().contains(distVersion)) {
            return;
        }
        assertEquals(recorded, distVersion, "The wechat login theme was forked from Keycloak " + recorded
                + " (and checked on " + checkedVersions() + ") but this distribution is Keycloak " + distVersion
                + " (" + themesJar.getFileName() + ").\n"
                + "If the build now pins " + distVersion + ", re-do the fork: for each file in " + RECORD_NAME
                + ", diff " + UPSTREAM_DIR + "<file> between " + recorded + " and " + distVersion
                + " (keycloak/keycloak: themes/src/main/resources/" + UPSTREAM_DIR + "<file>), carry the changes into "
                + "themes/wechat/login/<file>, then update its hash and set keycloak.version=" + distVersion + " in "
                + RECORD_NAME + ".\nIf " + distVersion + " is an older version to support, diff the same files, make "
                + "the fork work on it, then add " + distVersion + " to checked.versions and record "
                + "<file>" + HASH_SUFFIX + "." + distVersion + " in " + RECORD_NAME + ".");
    }

    @Test
    void theUpstreamFilesAreStillTheOnesTheForkWasCheckedAgainst() throws IOException {
        List<String> forked = forkedFiles();
        assertFalse(forked.isEmpty(), RECORD_NAME + " records no <file>" + HASH_SUFFIX);
        String recordedVersion = record.getProperty("keycloak.version");
        boolean olderVersion = checkedVersions().contains(distVersion) && !distVersion.equals(recordedVersion);
        String comparedVersion = olderVersion ? distVersion : recordedVersion;
        List<Executable> checks = new ArrayList<>();
        try (JarFile jar = new JarFile(themesJar.toFile())) {
            for (String file : forked) {
                String key = file + HASH_SUFFIX + (olderVersion ? "." + distVersion : "");
                String recordedHash = record.getProperty(key);
                if (recordedHash == null) {
                    checks.add(() -> fail(RECORD_NAME + " lists " + distVersion + " in checked.versions but records "
                            + "no " + key + " (the SHA-256 of " + UPSTREAM_DIR + file + " in that version)"));
                    continue;
                }
                String recorded = recordedHash.trim();
                ZipEntry entry = jar.getEntry(UPSTREAM_DIR + file);
                if (entry == null) {
                    checks.add(() -> fail(UPSTREAM_DIR + file + " no longer exists in " + themesJar.getFileName()
                            + ": Keycloak removed or moved the file themes/wechat/login/" + file + " forks."));
                    continue;
                }
                String current;
                try (InputStream in = jar.getInputStream(entry)) {
                    current = sha256(in.readAllBytes());
                }
                String sameVersion = distVersion.equals(comparedVersion)
                        ? "(Same version on both sides: the recorded hash is wrong, or this is not the stock "
                                + "distribution. Compare the fork with the file in the JAR.)\n"
                        : "";
                checks.add(() -> assertEquals(recorded, current, "Upstream " + UPSTREAM_DIR + file + " changed.\n"
                        + "  recorded (Keycloak " + comparedVersion + "): " + recorded + "\n"
                        + "  current  (Keycloak " + distVersion + ", " + themesJar.getFileName() + "): " + current
                        + "\n" + sameVersion
                        + "themes/wechat/login/" + file + " is a modified copy of it. Diff the upstream file between "
                        + comparedVersion + " and " + distVersion + " (e.g. `git diff " + comparedVersion + " "
                        + distVersion + " -- themes/src/main/resources/" + UPSTREAM_DIR + file
                        + "` in keycloak/keycloak), carry the changes into themes/wechat/login/" + file
                        + ", then set " + key + "=" + current
                        + (olderVersion ? "" : " and keycloak.version=" + distVersion) + " in " + RECORD_NAME + "."));
            }
        }
        assertAll("the keycloak.v2 login templates the wechat theme forks", checks);
    }

    /** A template copied from keycloak.v2 later, without a recorded hash, would escape the check above. */
    @Test
    void everyForkedTemplateHasARecordedHash() throws IOException {
        TreeSet<String> shadowing = new TreeSet<>();
        try (JarFile jar = new JarFile(themesJar.toFile()); Stream<Path> files = Files.list(FORK_DIR)) {
            files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".ftl") && jar.getEntry(UPSTREAM_DIR + name) != null)
                    .forEach(shadowing::add);
        }
        assertEquals(shadowing, new TreeSet<>(forkedFiles()), "themes/wechat/login/ overrides these keycloak.v2 "
                + "login templates; each needs a <file>" + HASH_SUFFIX + " line (the SHA-256 of the upstream file "
                + "it was copied from) in " + RECORD_NAME + ", and only those");
    }

    /** The older Keycloak versions the fork is checked on, besides the one it was taken from. */
    private static List<String> checkedVersions() {
        String versions = record.getProperty("checked.versions", "").trim();
        return versions.isEmpty() ? List.of() : List.of(versions.split("[\\s,]+"));
    }

    private static List<String> forkedFiles() {
        return record.stringPropertyNames().stream()
                .filter(key -> key.endsWith(HASH_SUFFIX))
                .map(key -> key.substring(0, key.length() - HASH_SUFFIX.length()))
                .sorted()
                .toList();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
