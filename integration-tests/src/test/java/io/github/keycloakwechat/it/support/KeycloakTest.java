package io.github.keycloakwechat.it.support;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that talks to Keycloak: its test methods, constructors and lifecycle methods may declare
 * {@link KeycloakServer} and {@link AdminClient} parameters. All such classes in one test JVM share one server,
 * started on first use and stopped when the run ends (see {@link KeycloakExtension}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith({KeycloakExtension.class, WeChatSandboxExtension.class})
public @interface KeycloakTest {
}
