package io.github.keycloakwechat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.keycloakwechat.it.support.ClusterOptions;
import io.github.keycloakwechat.sandbox.SandboxApp;
import io.github.keycloakwechat.sandbox.SandboxConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} and the files under {@code deploy/} deploy the shape the clustered integration tests
 * run: the options of {@link ClusterOptions}, the Keycloak version of the build, two nodes behind a sticky load
 * balancer, and nothing that points at a file the repository lacks. No Docker engine is needed: the files are read
 * and compared, the way {@code docker compose} would resolve them.
 *
 * <p>Each check returns what it found wrong instead of failing at once, so that one run names every problem and
 * so that the checks themselves can be shown to fail on a broken copy of the compose file.
 */
class DockerComposeIT {

    /** The repository: failsafe runs in the module directory. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");
    private static final String KEYCLOAK_DOCKERFILE = "deploy/keycloak/Dockerfile";
    private static final String SANDBOX_DOCKERFILE = "deploy/sandbox/Dockerfile";
    private static final String KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak:";
    /** Options a node may add to those of {@link ClusterOptions}. */
    private static final Set<String> NODE_EXTRAS = Set.of("--import-realm");
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");
    private static final Pattern DOCKERFILE_VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}?");

    @Test
    void everyFileTheComposeFileMountsOrCopiesExists() throws IOException {
        assertTrue(Files.isRegularFile(COMPOSE_FILE), "no docker-compose.yml at the repository root " + ROOT);
        assertNoProblems("files docker-compose.yml needs", missingFiles(loadCompose()));
    }

    @Test
    void theKeycloakImageIsTheVersionTheBuildTestsAgainst() throws IOException {
        String pomVersion = pomProperty(ROOT.resolve("pom.xml"), "keycloak.version");
        Map<String, Object> compose = loadCompose();
        List<String> problems = new ArrayList<>();
        for (String node : keycloakNodes(compose)) {
            Map<String, Object> build = map(service(compose, node).get("build"));
            Dockerfile dockerfile = Dockerfile.read(buildContext(build).resolve(string(build.get("dockerfile"))));
            // Both ways of building: docker compose (with its build args) and a plain docker build (the defaults).
            for (Map<String, String> args : List.of(buildArgs(build), Map.<String, String>of())) {
                List<String> images = dockerfile.fromImages(args).stream().filter(i -> i.startsWith(KEYCLOAK_IMAGE)).toList();
                if (images.isEmpty()) {
                    problems.add(node + ": " + dockerfile.path() + " builds FROM no " + KEYCLOAK_IMAGE + "* image");
                }
                for (String image : images) {
                    if (!image.equals(KEYCLOAK_IMAGE + pomVersion)) {
                        problems.add(node + ": " + dockerfile.path() + " builds FROM " + image + (args.isEmpty()
                                ? " (its own ARG default)" : " (with the compose build args " + args + ")")
                                + ", but the root pom.xml's keycloak.version is " + pomVersion);
                    }
                }
            }
        }
        assertNoProblems("Keycloak versions", problems.stream().distinct().toList());
    }

    @Test
    void theImageIsBuiltWithTheClusterBuildOptions() throws IOException {
        Map<String, Object> compose = loadCompose();
        List<String> problems = new ArrayList<>();
        for (String node : keycloakNodes(compose)) {
            Map<String, Object> build = map(service(compose, node).get("build"));
            Dockerfile dockerfile = Dockerfile.read(buildContext(build).resolve(string(build.get("dockerfile"))));
            problems.addAll(buildOptionProblems(node, dockerfile.kcBuildOptions()));
        }
        assertNoProblems("kc.sh build options", problems.stream().distinct().toList());
    }

    @Test
    void everyNodeStartsWithTheClusterOptions() throws IOException {
        assertNoProblems("node start options", startOptionProblems(loadCompose()));
    }

    @Test
    void theOptionCheckSeesWhatANodeLacks() throws IOException {
        // The checkers on copies of the compose file with one thing taken away: each must name what it lost, and
        // only that (beyond whatever the file as it is gets reported for by the other tests).
        List<String> asItIs = startOptionProblems(loadCompose());
        Map<String, Object> withoutCache = loadCompose();
        String removedStart = ClusterOptions.START.get(1);
        assertTrue(command(service(withoutCache, "keycloak-2")).remove(removedStart), "keycloak-2 starts with " + removedStart);
        assertEquals(List.of("keycloak-2: the start command lacks " + removedStart), without(startOptionProblems(withoutCache), asItIs));

        Map<String, Object> withoutDbUrl = loadCompose();
        assertTrue(command(service(withoutDbUrl, "keycloak-1")).removeIf(arg -> arg.startsWith("--db-url=")));
        assertEquals(List.of("keycloak-1: sets no --db-url (neither --db-url=... in the command nor KC_DB_URL)"),
                without(startOptionProblems(withoutDbUrl), asItIs));

        List<String> withoutVault = buildOptionProblems("keycloak-1",
                ClusterOptions.BUILD.stream().filter(o -> !o.startsWith("--vault")).toList());
        assertEquals(List.of("keycloak-1: kc.sh build lacks --vault=file"), withoutVault);

        Map<String, Object> withMissingMount = loadCompose();
        volumes(service(withMissingMount, "keycloak-1")).add("./deploy/no-such-directory:/opt/keycloak/conf/extra:ro");
        List<String> problems = without(missingFiles(withMissingMount), missingFiles(loadCompose()));
        assertEquals(1, problems.size(), "one problem: " + problems);
        assertTrue(problems.get(0).startsWith("keycloak-1 mounts ./deploy/no-such-directory"), problems.get(0));
    }

    @Test
    void twoNodesPostgresAndAStickyLoadBalancerTheSandboxOnlyOnRequest() throws IOException {
        Map<String, Object> compose = loadCompose();
        List<String> nodes = keycloakNodes(compose);
        assertEquals(List.of("keycloak-1", "keycloak-2"), nodes, "exactly two Keycloak nodes");

        List<String> postgres = servicesWhere(compose, s -> string(s.get("image")).startsWith("postgres:"));
        assertEquals(1, postgres.size(), "one PostgreSQL service: " + postgres);
        Map<String, Object> db = service(compose, postgres.get(0));
        assertEquals("postgres:17", db.get("image"), "the official PostgreSQL image");
        String dataVolume = volumes(db).stream().map(String::valueOf)
                .filter(v -> v.endsWith(":/var/lib/postgresql/data")).findFirst().orElse(null);
        assertTrue(dataVolume != null && !dataVolume.startsWith("."),
                "PostgreSQL keeps its data in a named volume, not " + dataVolume);
        String volumeName = dataVolume.substring(0, dataVolume.indexOf(':'));
        assertTrue(map(compose.get("volumes")).containsKey(volumeName), "the volume " + volumeName + " is declared");
        assertTrue(healthTest(db).contains("pg_isready"), "PostgreSQL is healthy when pg_isready says so: " + healthTest(db));
        for (String node : nodes) {
            assertTrue(dependsOn(service(compose, node)).contains(postgres.get(0)), node + " waits for PostgreSQL");
            assertTrue(startArgument(service(compose, node), "--db-url").contains("//" + postgres.get(0) + ":5432/"),
                    node + " connects to the " + postgres.get(0) + " service");
            assertEquals("/opt/keycloak/vault", startArgument(service(compose, node), "--vault-dir"), node + "'s vault");
            assertTrue(volumes(service(compose, node)).stream().map(String::valueOf)
                            .anyMatch(v -> v.equals("./deploy/vault:/opt/keycloak/vault:ro")),
                    node + " mounts ./deploy/vault read-only at /opt/keycloak/vault");
        }
        assertTrue(command(service(compose, "keycloak-1")).contains("--import-realm"), "keycloak-1 imports the realms");
        assertTrue(volumes(service(compose, "keycloak-1")).stream().map(String::valueOf)
                .anyMatch(v -> v.startsWith("./realm-config:/opt/keycloak/data/import")), "keycloak-1 mounts ./realm-config");
        assertEquals("service_healthy", map(map(service(compose, "keycloak-2").get("depends_on")).get("keycloak-1"))
                .get("condition"), "keycloak-2 starts once keycloak-1 is healthy (one node creates the schema)");

        List<String> balancers = servicesWhere(compose, s -> string(s.get("image")).startsWith("haproxy:"));
        assertEquals(1, balancers.size(), "one HAProxy load balancer: " + balancers);
        Map<String, Object> balancer = service(compose, balancers.get(0));
        assertTrue(stringList(balancer.get("ports")).stream().map(DockerComposeIT::interpolate).anyMatch(p -> p.endsWith(":8080")),
                "the load balancer publishes its port 8080: " + balancer.get("ports"));
        for (String node : nodes) {
            assertTrue(service(compose, node).get("ports") == null, node + " publishes no port: only the load balancer is public");
        }
        Path config = ROOT.resolve(volumes(balancer).stream().map(String::valueOf)
                .filter(v -> v.contains(":/usr/local/etc/haproxy/haproxy.cfg")).map(v -> v.substring(0, v.indexOf(':')))
                .findFirst().orElseThrow(() -> new AssertionError("the load balancer mounts no haproxy.cfg")));
        assertNoProblems(config.toString(), haproxyProblems(Files.readAllLines(config), nodes));

        List<String> sandboxes = servicesWhere(compose, s -> s.get("build") != null
                && SANDBOX_DOCKERFILE.equals(map(s.get("build")).get("dockerfile")));
        assertEquals(List.of("sandbox"), sandboxes, "one sandbox service");
        Map<String, Object> sandbox = service(compose, "sandbox");
        assertEquals(List.of("sandbox"), sandbox.get("profiles"), "the sandbox starts only with --profile sandbox");
        for (String name : services(compose).keySet()) {
            if (!name.equals("sandbox")) {
                assertTrue(service(compose, name).get("profiles") == null, name + " starts without a profile");
            }
        }
    }

    @Test
    void everyServiceButTheSandboxHasAHealthcheck() throws IOException {
        Map<String, Object> compose = loadCompose();
        List<String> problems = new ArrayList<>();
        for (String name : services(compose).keySet()) {
            Map<String, Object> healthcheck = map(service(compose, name).get("healthcheck"));
            if (name.equals("sandbox")) {
                continue;
            }
            if (healthcheck.isEmpty() || Boolean.TRUE.equals(healthcheck.get("disable")) || healthTest(service(compose, name)).isBlank()) {
                problems.add(name + " has no healthcheck");
            }
        }
        for (String node : keycloakNodes(compose)) {
            String test = healthTest(service(compose, node));
            if (!test.contains("/health/ready") || !test.contains("/dev/tcp/127.0.0.1/9000")) {
                problems.add(node + "'s healthcheck does not ask the management port 9000 for /health/ready: " + test);
            }
        }
        assertNoProblems("healthchecks", problems);
    }

    @Test
    void theSandboxListensOnAllInterfacesAndPushesThroughTheLoadBalancer() throws IOException {
        Map<String, Object> compose = loadCompose();
        Map<String, Object> build = map(service(compose, "sandbox").get("build"));
        Dockerfile dockerfile = Dockerfile.read(buildContext(build).resolve(string(build.get("dockerfile"))));
        String entrypoint = dockerfile.instructions("ENTRYPOINT").stream().collect(Collectors.joining(" "));
        assertTrue(entrypoint.contains("\"--host\", \"0.0.0.0\""), "the sandbox binds 0.0.0.0 in its container: " + entrypoint);
        assertTrue(entrypoint.contains("\"--port\", \"8090\""), "the sandbox listens on 8090: " + entrypoint);
        assertTrue(stringList(service(compose, "sandbox").get("ports")).stream().map(DockerComposeIT::interpolate)
                .anyMatch(p -> p.endsWith(":8090")), "the sandbox publishes 8090");

        SandboxConfig config = SandboxConfig.load(ROOT.resolve("deploy/sandbox/sandbox.json"));
        assertEquals("0.0.0.0", config.host());
        assertEquals(8090, config.port());
        // The demo apps of the sandbox, with the Service Account pushing to the demo realm through the load balancer.
        String push = "http://loadbalancer:8080/realms/demo/wechat/push/wechat-mp";
        List<SandboxApp> expected = SandboxConfig.defaults().apps().stream()
                .map(a -> a.serviceAccount() ? new SandboxApp(a.appId(), a.appSecret(), a.originalId(), a.token(),
                        a.encodingAesKey(), a.messageMode(), push, a.openPlatformBound(), a.name(), a.kind()) : a)
                .toList();
        assertEquals(expected, config.apps(), "the sandbox's demo apps, pushing to " + push);
        assertTrue(services(compose).containsKey(URI.create(push).getHost()), "the push goes to a service of the compose file");
        JsonNode realm = new ObjectMapper().readTree(ROOT.resolve("realm-config/demo-realm.json").toFile());
        assertEquals("demo", realm.path("realm").asText());
        boolean hasProvider = false;
        for (JsonNode provider : realm.path("identityProviders")) {
            hasProvider |= provider.path("alias").asText().equals("wechat-mp");
        }
        assertTrue(hasProvider, "the demo realm has the identity provider wechat-mp the sandbox pushes to");
    }

    @Test
    void theOperationsGuideListsEveryClusterOption() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/operations.md"));
        List<String> missing = Stream.of(ClusterOptions.BUILD, ClusterOptions.START, ClusterOptions.PER_DEPLOYMENT)
                .flatMap(List::stream).filter(option -> !guide.contains("`" + option + "`")).toList();
        assertEquals(List.of(), missing, "options of ClusterOptions that docs/operations.md does not name");
    }

    // ---- the checks (each returns what it found wrong) ----

    /** Every ./ path mounted, every build context and Dockerfile, every COPY source (and not ignored by the build). */
    private static List<String> missingFiles(Map<String, Object> compose) throws IOException {
        List<String> problems = new ArrayList<>();
        for (String name : services(compose).keySet()) {
            Map<String, Object> service = service(compose, name);
            for (Object volume : volumes(service)) {
                String host = hostPath(volume);
                if (host != null && (host.startsWith("./") || host.startsWith("../")) && !Files.exists(ROOT.resolve(host))) {
                    problems.add(name + " mounts " + host + ", which is not in the repository");
                }
            }
            if (service.get("build") == null) {
                continue;
            }
            Map<String, Object> build = map(service.get("build"));
            Path context = buildContext(build);
            if (!Files.isDirectory(context)) {
                problems.add(name + " builds in " + context + ", which is not a directory");
                continue;
            }
            Path dockerfilePath = context.resolve(string(build.getOrDefault("dockerfile", "Dockerfile")));
            if (!Files.isRegularFile(dockerfilePath)) {
                problems.add(name + " builds from " + dockerfilePath + ", which does not exist");
                continue;
            }
            Dockerfile dockerfile = Dockerfile.read(dockerfilePath);
            DockerIgnore ignore = DockerIgnore.beside(dockerfilePath);
            for (Map<String, String> args : List.of(buildArgs(build), Map.<String, String>of())) {
                for (String source : dockerfile.copySources(args)) {
                    problems.addAll(copySourceProblems(name, context, source, ignore));
                }
            }
        }
        return problems.stream().distinct().toList();
    }

    private static List<String> copySourceProblems(String service, Path context, String source, DockerIgnore ignore)
            throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> matches = matching(context, source);
        if (matches.isEmpty()) {
            problems.add(service + " copies " + source + ", which does not exist" + (source.contains("/target/")
                    ? " (./mvnw package builds it)" : ""));
        }
        for (String match : matches) {
            if (ignore.excludes(match)) {
                problems.add(service + " copies " + match + ", which " + ignore.path() + " leaves out of the build context");
            }
        }
        for (String match : matches) {
            // A JAR of the build: <module>/target/<artifactId>-<version>[-<classifier>].jar of that module's pom.
            if (match.contains("/target/") && match.endsWith(".jar")) {
                String module = match.substring(0, match.indexOf('/'));
                Path pom = context.resolve(module).resolve("pom.xml");
                String prefix = Files.isRegularFile(pom) ? pomText(pom, "artifactId") + "-" + projectVersion(pom) : null;
                String fileName = match.substring(match.lastIndexOf('/') + 1);
                if (prefix == null || !(fileName.equals(prefix + ".jar") || fileName.startsWith(prefix + "-"))) {
                    problems.add(service + " copies " + match + ", which is not a JAR the module " + module + " builds ("
                            + prefix + "[-classifier].jar)");
                }
            }
        }
        return problems;
    }

    /** {@code BUILD} exactly, in any order. */
    private static List<String> buildOptionProblems(String node, List<String> options) {
        List<String> problems = new ArrayList<>();
        if (options.isEmpty()) {
            return List.of(node + ": its Dockerfile runs no kc.sh build");
        }
        for (String expected : ClusterOptions.BUILD) {
            if (!options.contains(expected)) {
                problems.add(node + ": kc.sh build lacks " + expected);
            }
        }
        for (String option : options) {
            if (!ClusterOptions.BUILD.contains(option)) {
                problems.add(node + ": kc.sh build has " + option + ", which ClusterOptions.BUILD does not");
            }
        }
        if (new LinkedHashSet<>(options).size() != options.size()) {
            problems.add(node + ": kc.sh build repeats an option: " + options);
        }
        return problems;
    }

    /** Each node: {@code start}, every {@code START} option, every {@code PER_DEPLOYMENT} option set, nothing else. */
    private static List<String> startOptionProblems(Map<String, Object> compose) {
        List<String> problems = new ArrayList<>();
        List<String> nodes = keycloakNodes(compose);
        if (nodes.isEmpty()) {
            return List.of("no Keycloak node (a service built from " + KEYCLOAK_DOCKERFILE + ")");
        }
        for (String node : nodes) {
            Map<String, Object> service = service(compose, node);
            List<String> command = command(service).stream().map(DockerComposeIT::interpolate).toList();
            if (command.isEmpty() || !command.get(0).equals("start")) {
                problems.add(node + ": the command does not begin with start: " + command);
            }
            for (String option : ClusterOptions.START) {
                if (!command.contains(option)) {
                    problems.add(node + ": the start command lacks " + option);
                }
            }
            Map<String, String> environment = environment(service);
            for (String option : ClusterOptions.PER_DEPLOYMENT) {
                String env = "KC_" + option.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
                boolean inCommand = command.stream().anyMatch(a -> a.startsWith(option + "=") && a.length() > option.length() + 1);
                boolean inEnvironment = environment.get(env) != null && !environment.get(env).isBlank();
                if (!inCommand && !inEnvironment) {
                    problems.add(node + ": sets no " + option + " (neither " + option + "=... in the command nor " + env + ")");
                }
            }
            for (String argument : command.subList(Math.min(1, command.size()), command.size())) {
                String option = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
                if (!ClusterOptions.START.contains(argument) && !ClusterOptions.PER_DEPLOYMENT.contains(option)
                        && !NODE_EXTRAS.contains(argument)) {
                    problems.add(node + ": the start command has " + argument + ", which ClusterOptions does not list"
                            + " (the clustered tests would not run with it)");
                }
            }
        }
        return problems;
    }

    /** The backend balances exactly the nodes, sticks by an inserted cookie and checks /health/ready on 9000. */
    private static List<String> haproxyProblems(List<String> lines, List<String> nodes) {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String raw : lines) {
            String line = raw.contains("#") ? raw.substring(0, raw.indexOf('#')) : raw;
            if (line.isBlank()) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                current = new ArrayList<>();
                sections.put(line.trim().replaceAll("\\s+", " "), current);
            } else if (current != null) {
                current.add(line.trim().replaceAll("\\s+", " "));
            }
        }
        List<String> backend = sections.entrySet().stream().filter(e -> e.getKey().startsWith("backend "))
                .flatMap(e -> e.getValue().stream()).toList();
        List<String> frontend = sections.entrySet().stream().filter(e -> e.getKey().startsWith("frontend "))
                .flatMap(e -> e.getValue().stream()).toList();
        List<String> defaults = sections.getOrDefault("defaults", List.of());
        List<String> servers = backend.stream().filter(l -> l.startsWith("server ")).toList();
        List<String> targets = servers.stream().map(l -> l.split(" ")[2]).sorted().toList();
        List<String> expectedTargets = nodes.stream().map(n -> n + ":8080").sorted().toList();
        if (!targets.equals(expectedTargets)) {
            problems.add("the backend's servers are " + targets + ", not the nodes " + expectedTargets);
        }
        if (backend.stream().noneMatch(l -> l.matches("cookie KC_ROUTE insert .*\\bindirect\\b.*") && l.contains("nocache")
                && l.contains("httponly"))) {
            problems.add("no sticky cookie: cookie KC_ROUTE insert indirect nocache httponly");
        }
        Set<String> cookies = new LinkedHashSet<>();
        for (String server : servers) {
            Matcher cookie = Pattern.compile("\\bcookie (\\S+)").matcher(server);
            if (!cookie.find() || !cookies.add(cookie.group(1))) {
                problems.add("server without a cookie value of its own: " + server);
            }
        }
        String checks = backend.stream().filter(l -> l.startsWith("server ") || l.startsWith("default-server "))
                .collect(Collectors.joining("\n"));
        if (!Pattern.compile("\\bcheck\\b").matcher(checks).find() || !checks.contains("port 9000")) {
            problems.add("the servers are not health-checked on the management port 9000");
        }
        if (backend.stream().noneMatch(l -> l.startsWith("option httpchk")) || backend.stream()
                .noneMatch(l -> l.contains("/health/ready"))) {
            problems.add("the health check does not ask for /health/ready");
        }
        if (Stream.concat(frontend.stream(), backend.stream()).noneMatch(l -> l.equals("option forwardfor"))) {
            problems.add("no option forwardfor");
        }
        for (String header : List.of("X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port")) {
            if (frontend.stream().noneMatch(l -> l.startsWith("http-request set-header " + header + " "))) {
                problems.add("the frontend does not set " + header);
            }
        }
        long serverTimeout = Stream.concat(defaults.stream(), backend.stream()).filter(l -> l.startsWith("timeout server "))
                .mapToLong(l -> seconds(l.substring("timeout server ".length()))).max().orElse(0);
        if (serverTimeout < 30) {
            problems.add("timeout server is " + serverTimeout + " s: the 25 s status poll needs more than 30 s");
        }
        return problems;
    }

    // ---- reading the compose file ----

    private static Map<String, Object> loadCompose() throws IOException {
        try (Reader reader = Files.newBufferedReader(COMPOSE_FILE)) {
            Object root = new Yaml().load(reader);
            assertTrue(root instanceof Map, "docker-compose.yml is a mapping");
            @SuppressWarnings("unchecked")
            Map<String, Object> compose = (Map<String, Object>) root;
            // Nodes share one anchor (<<: *keycloak); copy each service so a test's change stays in that service.
            Map<String, Object> services = new LinkedHashMap<>();
            map(compose.get("services")).forEach((name, service) -> services.put(name, deepCopy(service)));
            compose.put("services", services);
            return compose;
        }
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return value;
    }

    private static Map<String, Object> services(Map<String, Object> compose) {
        return map(compose.get("services"));
    }

    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        Object service = services(compose).get(name);
        assertTrue(service instanceof Map, "docker-compose.yml has no service " + name);
        return map(service);
    }

    private static List<String> servicesWhere(Map<String, Object> compose,
                                              java.util.function.Predicate<Map<String, Object>> test) {
        return services(compose).keySet().stream().filter(name -> test.test(service(compose, name))).toList();
    }

    /** The services built from the Keycloak Dockerfile or running a Keycloak image. */
    private static List<String> keycloakNodes(Map<String, Object> compose) {
        return servicesWhere(compose, s -> string(s.get("image")).startsWith(KEYCLOAK_IMAGE)
                || s.get("build") != null && KEYCLOAK_DOCKERFILE.equals(map(s.get("build")).get("dockerfile")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> command(Map<String, Object> service) {
        Object command = service.get("command");
        if (command instanceof String s) {
            List<String> split = new ArrayList<>(List.of(s.trim().split("\\s+")));
            service.put("command", split);
            return split;
        }
        return command == null ? new ArrayList<>() : (List<String>) command;
    }

    /** The value of {@code --name=value} in the node's command, interpolated; empty when absent. */
    private static String startArgument(Map<String, Object> service, String option) {
        return command(service).stream().map(DockerComposeIT::interpolate).filter(a -> a.startsWith(option + "="))
                .map(a -> a.substring(option.length() + 1)).findFirst().orElse("");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> volumes(Map<String, Object> service) {
        Object volumes = service.get("volumes");
        if (volumes == null) {
            volumes = new ArrayList<>();
            service.put("volumes", volumes);
        }
        return (List<Object>) volumes;
    }

    /** The host side of a volume (short or long syntax), interpolated; null for an anonymous volume. */
    private static String hostPath(Object volume) {
        if (volume instanceof Map<?, ?> m) {
            return m.get("source") == null ? null : interpolate(String.valueOf(m.get("source")));
        }
        String spec = interpolate(String.valueOf(volume));
        return spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : null;
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new HashMap<>();
        Object value = service.get("environment");
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> environment.put(String.valueOf(k), v == null ? null : interpolate(String.valueOf(v))));
        } else if (value instanceof List<?> l) {
            for (Object entry : l) {
                String s = String.valueOf(entry);
                int eq = s.indexOf('=');
                environment.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : interpolate(s.substring(eq + 1)));
            }
        }
        return environment;
    }

    private static Set<String> dependsOn(Map<String, Object> service) {
        Object value = service.get("depends_on");
        if (value instanceof Map<?, ?> m) {
            return m.keySet().stream().map(String::valueOf).collect(Collectors.toSet());
        }
        return value == null ? Set.of() : stringList(value).stream().collect(Collectors.toSet());
    }

    private static String healthTest(Map<String, Object> service) {
        Object test = map(service.get("healthcheck")).get("test");
        return test instanceof List<?> l ? l.stream().map(String::valueOf).collect(Collectors.joining(" ")) : string(test);
    }

    private static Path buildContext(Map<String, Object> build) {
        return ROOT.resolve(interpolate(string(build.getOrDefault("context", ".")))).normalize();
    }

    private static Map<String, String> buildArgs(Map<String, Object> build) {
        Map<String, String> args = new LinkedHashMap<>();
        Object value = build.get("args");
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> args.put(String.valueOf(k), interpolate(String.valueOf(v))));
        } else if (value instanceof List<?> l) {
            for (Object entry : l) {
                String s = String.valueOf(entry);
                int eq = s.indexOf('=');
                if (eq > 0) {
                    args.put(s.substring(0, eq), interpolate(s.substring(eq + 1)));
                }
            }
        }
        return args;
    }

    /** As docker compose reads a value with no variables set: {@code ${X:-default}} is the default, {@code $$} a {@code $}. */
    private static String interpolate(String value) {
        StringBuilder out = new StringBuilder();
        Matcher m = COMPOSE_VARIABLE.matcher(value.replace("$$", "\u0000"));
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(out);
        return out.toString().replace("\u0000", "$");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    private static List<String> stringList(Object value) {
        return value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    private static String string(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static long seconds(String haproxyTime) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(haproxyTime.trim());
        if (!m.matches()) {
            return 0;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "ms" : m.group(2)) {
            case "ms" -> n / 1000;
            case "m" -> n * 60;
            case "h" -> n * 3600;
            default -> n;
        };
    }

    private static List<String> without(List<String> problems, List<String> baseline) {
        return problems.stream().filter(p -> !baseline.contains(p)).toList();
    }

    private static void assertNoProblems(String what, List<String> problems) {
        assertTrue(problems.isEmpty(), () -> what + ":\n  " + String.join("\n  ", problems));
    }

    /** Files under the context that a COPY source (possibly a glob) names, relative to the context. */
    private static List<String> matching(Path context, String source) throws IOException {
        String cleaned = source.startsWith("./") ? source.substring(2) : source;
        if (!cleaned.contains("*") && !cleaned.contains("?") && !cleaned.contains("[")) {
            return Files.exists(context.resolve(cleaned)) ? List.of(cleaned) : List.of();
        }
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + cleaned);
        int slash = cleaned.lastIndexOf('/');
        Path dir = context.resolve(slash < 0 ? "." : cleaned.substring(0, slash));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> context.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> glob.matches(Path.of(p))).sorted().toList();
        }
    }

    // ---- reading the poms ----

    private static String pomProperty(Path pom, String property) {
        Element properties = child(parse(pom).getDocumentElement(), "properties");
        Element value = properties == null ? null : child(properties, property);
        assertTrue(value != null, pom + " has no property " + property);
        return value.getTextContent().trim();
    }

    /** A top-level element of the project, e.g. its artifactId. */
    private static String pomText(Path pom, String name) {
        Element element = child(parse(pom).getDocumentElement(), name);
        return element == null ? null : element.getTextContent().trim();
    }

    private static String projectVersion(Path pom) {
        String own = pomText(pom, "version");
        if (own != null) {
            return own;
        }
        Element parent = child(parse(pom).getDocumentElement(), "parent");
        Element version = parent == null ? null : child(parent, "version");
        return version == null ? null : version.getTextContent().trim();
    }

    private static Document parse(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(pom.toFile());
        } catch (Exception e) {
            throw new AssertionError("cannot read " + pom + ": " + e, e);
        }
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    // ---- reading Dockerfiles ----

    /** A Dockerfile's instructions (continuation lines joined, comments dropped) and what they name. */
    private record Dockerfile(Path path, List<String[]> lines) {

        static Dockerfile read(Path path) throws IOException {
            List<String[]> instructions = new ArrayList<>();
            StringBuilder pending = new StringBuilder();
            for (String raw : Files.readAllLines(path)) {
                String line = raw.strip();
                if (line.startsWith("#") || line.isEmpty() && pending.isEmpty()) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    pending.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                String instruction = (pending + line).strip();
                pending.setLength(0);
                if (!instruction.isEmpty()) {
                    String[] parts = instruction.split("\\s+", 2);
                    instructions.add(new String[] {parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""});
                }
            }
            return new Dockerfile(path, instructions);
        }

        List<String> instructions(String keyword) {
            return lines.stream().filter(l -> l[0].equals(keyword)).map(l -> l[1]).toList();
        }

        /** Each ARG's default, overridden by {@code buildArgs}. */
        Map<String, String> args(Map<String, String> buildArgs) {
            Map<String, String> args = new HashMap<>();
            for (String arg : instructions("ARG")) {
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    args.putIfAbsent(arg.substring(0, eq).trim(), unquote(arg.substring(eq + 1).trim()));
                }
            }
            args.putAll(buildArgs);
            return args;
        }

        /** The image of every FROM, variables substituted. */
        List<String> fromImages(Map<String, String> buildArgs) {
            Map<String, String> args = args(buildArgs);
            return instructions("FROM").stream().map(f -> substitute(f.split("\\s+")[0], args)).toList();
        }

        /** The sources of COPY and ADD from the build context (not {@code --from} another stage). */
        List<String> copySources(Map<String, String> buildArgs) {
            Map<String, String> args = args(buildArgs);
            List<String> sources = new ArrayList<>();
            for (String[] line : lines) {
                if (!line[0].equals("COPY") && !line[0].equals("ADD")) {
                    continue;
                }
                assertTrue(!line[1].startsWith("["), path + ": write COPY in shell form, which this test reads: " + line[1]);
                List<String> words = new ArrayList<>(List.of(line[1].split("\\s+")));
                if (words.stream().anyMatch(w -> w.startsWith("--from="))) {
                    continue;
                }
                words.removeIf(w -> w.startsWith("--"));
                for (String source : words.subList(0, words.size() - 1)) {
                    sources.add(substitute(source, args));
                }
            }
            return sources;
        }

        /** The options of {@code kc.sh build} in RUN instructions. */
        List<String> kcBuildOptions() {
            List<String> options = new ArrayList<>();
            for (String run : instructions("RUN")) {
                List<String> words = List.of(run.split("\\s+"));
                for (int i = 0; i + 1 < words.size(); i++) {
                    if (words.get(i).endsWith("kc.sh") && words.get(i + 1).equals("build")) {
                        words.subList(i + 2, words.size()).stream().takeWhile(w -> !w.equals("&&") && !w.equals(";"))
                                .filter(w -> w.startsWith("--")).forEach(options::add);
                    }
                }
            }
            return options;
        }

        private static String substitute(String value, Map<String, String> args) {
            StringBuilder out = new StringBuilder();
            Matcher m = DOCKERFILE_VARIABLE.matcher(value);
            while (m.find()) {
                String replacement = args.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2));
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        }

        private static String unquote(String value) {
            return value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'")) ? value.substring(1, value.length() - 1) : value;
        }
    }

    /** {@code <Dockerfile>.dockerignore} beside a Dockerfile (BuildKit), else none: patterns in order, last match wins. */
    private record DockerIgnore(Path path, List<String> patterns) {

        static DockerIgnore beside(Path dockerfile) throws IOException {
            Path file = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
            if (!Files.isRegularFile(file)) {
                return new DockerIgnore(file, List.of());
            }
            return new DockerIgnore(file, Files.readAllLines(file).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        }

        /** Whether the file is left out: a pattern matching the file or one of its folders excludes it, "!" brings it back. */
        boolean excludes(String relative) {
            boolean excluded = false;
            for (String pattern : patterns) {
                boolean include = pattern.startsWith("!");
                String glob = include ? pattern.substring(1) : pattern;
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
                Path path = Path.of(relative);
                for (int i = 1; i <= path.getNameCount(); i++) {
                    if (matcher.matches(path.subpath(0, i))) {
                        excluded = !include;
                        break;
                    }
                }
            }
            return excluded;
        }
    }
}
