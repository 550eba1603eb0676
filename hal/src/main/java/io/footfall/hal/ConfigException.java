package io.footfall.hal;

/** A setting has a value that is not allowed. The message names the key, the value and what is allowed. */
public class ConfigException extends FootfallException {
    private final String key;

    public ConfigException(String key, String value, String allowed) {
        super("invalid value for '" + key + "': '" + value + "' (" + allowed + ")");
        this.key = key;
    }

    /** A refusal about the key itself rather than its value, e.g. an unknown key; the message is used as it is. */
    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
