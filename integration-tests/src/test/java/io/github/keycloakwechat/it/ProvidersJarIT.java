package io.github.keycloakwechat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.keycloakwechat.it.support.KeycloakServer;
import io.github.keycloakwechat.it.support.KeycloakTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The one JAR an admin installs: it registers our factories and nothing that would replace a server-wide service.
 * A {@code javax.xml.stream.*} service entry on Keycloak's flat classpath would swap the StAX parser of SAML.
 */
@KeycloakTest
class ProvidersJarIT {

    @Test
    void theJarRegistersOurFactoriesAndNoXmlParser(KeycloakServer server) throws IOException {
        // The JAR the server runs with; against a remote server, the one the build produced (providers/target).
        List<Path> jars = server.isManaged() ? server.installedProviderJars() : builtJars();
        assertEquals(1, jars.size(), "exactly one JAR: " + jars);
        try (JarFile jar = new JarFile(jars.get(0).toFile())) {
            assertEquals("io.github.keycloakwechat.mp.WeChatMpIdentityProviderFactory\n"
                            + "io.github.keycloakwechat.open.WeChatOpenIdentityProviderFactory\n"
                            + "io.github.keycloakwechat.miniprogram.MiniProgramIdentityProviderFactory\n"
                            + "io.github.keycloakwechat.wecom.WeComIdentityProviderFactory",
                    service(jar, "org.keycloak.broker.social.SocialIdentityProviderFactory"));
            assertEquals("io.github.keycloakwechat.identity.UnionidLinkAuthenticatorFactory\n"
                            + "io.github.keycloakwechat.condition.ClientAppConditionFactory\n"
                            + "io.github.keycloakwechat.wecom.WeComMemberLinkAuthenticatorFactory",
                    service(jar, "org.keycloak.authentication.AuthenticatorFactory"));
            assertEquals("io.github.keycloakwechat.miniprogram.MiniProgramGrantTypeFactory",
                    service(jar, "org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory"));
            assertEquals("io.github.keycloakwechat.identity.WeChatUserAttributeMapper",
                    service(jar, "org.keycloak.broker.provider.IdentityProviderMapper"));
            assertEquals("io.github.keycloakwechat.resource.WeChatResourceProviderFactory",
                    service(jar, "org.keycloak.services.resource.RealmResourceProviderFactory"));
            assertEquals("io.github.keycloakwechat.scan.ScanWakeupEventSchema",
                    service(jar, "org.infinispan.protostream.SerializationContextInitializer"),
                    "the cross-node wake-up event must be marshallable, or Keycloak cannot send it between nodes");
            assertFalse(jar.stream().anyMatch(e -> e.getName().startsWith("META-INF/services/javax.xml.")),
                    "no javax.xml service may be registered");
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("com/ctc/wstx/")), "no Woodstox inside");
        }
    }

    private static List<Path> builtJars() throws IOException {
        try (var files = java.nio.file.Files.list(Path.of("..", "providers", "target"))) {
            return files.filter(p -> p.getFileName().toString().matches("keycloak-wechat-providers-[^-]+(-SNAPSHOT)?\\.jar"))
                    .toList();
        }
    }

    private static String service(JarFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry("META-INF/services/" + name);
        assertTrue(entry != null, "missing service file " + name);
        return new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).collect(Collectors.joining("\n"));
    }
}
