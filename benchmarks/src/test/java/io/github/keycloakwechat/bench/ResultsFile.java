package io.github.keycloakwechat.bench;

import io.github.keycloakwechat.bench.push.ResultsHeader;
import java.nio.file.Path;

/** The results file of a Keycloak-level benchmark, in the format of {@link ResultsHeader}. */
public final class ResultsFile {

    private ResultsFile() {
    }

    /** Writes {@code <name>.md} and prints it with a {@code [measure]} prefix. */
    public static Path write(String name, String title, String body) {
        return ResultsHeader.write(name, title, "-Dit.test=" + name,
                "Keycloak, the sandbox and the load generator on the same machine", body);
    }
}
