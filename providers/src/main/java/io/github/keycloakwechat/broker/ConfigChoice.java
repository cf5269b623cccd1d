package io.github.keycloakwechat.broker;

/** An enum whose constants are the options of a list setting; {@link #configValue()} is what the config stores. */
public interface ConfigChoice {

    String configValue();
}
