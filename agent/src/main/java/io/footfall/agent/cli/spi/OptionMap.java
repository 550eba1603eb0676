package io.footfall.agent.cli.spi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command-line options copied into a map by setting key, the form {@code Settings} and the
 * {@code fromOptions} parsers read. An option not given (null) is left out, so the key keeps its
 * default or the value from the configuration file.
 *
 * <p>Public for the commands other modules bring through {@link CommandProvider} (the simulator's
 * {@code footfall sim beam}), so that every command turns its options into settings the same way.
 */
public final class OptionMap {
    private final Map<String, String> map = new LinkedHashMap<>();

    /** Adds {@code key=value} when the option was given; returns this map for the next one. */
    public OptionMap put(String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
        return this;
    }

    /** Adds every entry, e.g. the {@code --set KEY=VALUE} options. */
    public OptionMap putAll(Map<String, String> entries) {
        if (entries != null) {
            entries.forEach(this::put);
        }
        return this;
    }

    /** The options given, in the order they were put. */
    public Map<String, String> toMap() {
        return new LinkedHashMap<>(map);
    }
}
