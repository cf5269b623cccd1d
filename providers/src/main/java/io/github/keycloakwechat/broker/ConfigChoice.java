package io.github.keycloakwechat.broker;

import java.util.Locale;

/**
 * An enum whose constants are the options of a list setting. {@link #configValue()}, what the config stores, is the
 * constant's name in lower case ({@code SNSAPI_BASE} is {@code snsapi_base}).
 */
public interface ConfigChoice {

    String name();

    default String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
