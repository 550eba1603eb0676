package io.footfall.hal;

/** A setting has a value that is not allowed. The message names the key, the value and what is allowed. */
public class ConfigException extends FootfallException {
    private final String key;

    public ConfigException(String key, String value, String allowed) {
        super("invalid value for '" + key + "': '" + value + "' (" + allowed + ")");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
