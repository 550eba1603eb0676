package io.footfall.agent.config;

import io.footfall.hal.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Raw settings by key, merged from three layers, later ones winning: the properties file, the
 * environment ({@code FOOTFALL_DATA_DIR} for {@code data-dir}), and command-line options. Keys are
 * the long option names. Unknown keys are refused, so a typo never silently falls back to a default.
 */
public final class Settings {
    /** Where the installed agent reads its configuration. */
    public static final Path DEFAULT_FILE = Path.of("/etc/footfall/footfall.properties");

    /** Keys the agent itself reads. */
    static final Set<String> CORE_KEYS = Set.of(
            "hal", "site", "node", "broker", "window", "data-dir", "passage", "wifi", "wifi-interface", "channels",
            "channel-dwell", "capture-command", "capture-quiet-after", "health-interval", "status-file");

    /** Families whose keys are read and checked by the component that owns them. */
    static final Set<String> FAMILIES = Set.of("sim-", "beam-", "gpio-", "wifi-", "mqtt-", "outbox-");

    private final Map<String, String> values;
    private final Map<String, String> origins;

    private Settings(Map<String, String> values, Map<String, String> origins) {
        this.values = Collections.unmodifiableMap(values);
        this.origins = Collections.unmodifiableMap(origins);
    }

    /**
     * Merges the layers.
     *
     * @param file the properties file; a missing file is an error only when {@code fileRequired}
     * @param env the process environment
     * @param cli options given on the command line, by key
     */
    public static Settings load(Path file, boolean fileRequired, Map<String, String> env, Map<String, String> cli) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            for (String key : new TreeSet<>(p.stringPropertyNames())) {
                put(values, origins, key, p.getProperty(key).trim(), file.toString());
            }
        } catch (NoSuchFileException e) {
            if (fileRequired) {
                throw new ConfigException("config", file.toString(), "the file does not exist");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("config", file.toString(), "cannot read it as a properties file: " + e.getMessage());
        }
        env.forEach((name, value) -> {
            if (name.startsWith("FOOTFALL_") && name.length() > 9) {
                String key = name.substring(9).toLowerCase(Locale.ROOT).replace('_', '-');
                put(values, origins, key, value.trim(), "environment " + name);
            }
        });
        cli.forEach((key, value) -> put(values, origins, key, value, "command line"));
        return new Settings(values, origins);
    }

    public static Settings of(Map<String, String> values) {
        Map<String, String> v = new LinkedHashMap<>();
        Map<String, String> o = new LinkedHashMap<>();
        values.forEach((k, val) -> put(v, o, k, val, "code"));
        return new Settings(v, o);
    }

    private static void put(Map<String, String> values, Map<String, String> origins, String key, String value, String origin) {
        if (!known(key)) {
            throw new ConfigException(key, value, "unknown setting (from " + origin + "); see footfall.properties.sample");
        }
        values.put(key, value);
        origins.put(key, origin);
    }

    static boolean known(String key) {
        return CORE_KEYS.contains(key) || FAMILIES.stream().anyMatch(key::startsWith);
    }

    public String get(String key, String dflt) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? dflt : v;
    }

    public boolean has(String key) {
        String v = values.get(key);
        return v != null && !v.isEmpty();
    }

    /** Every setting by key, for components that read their own family ({@code sim-*}, {@code mqtt-*}, …). */
    public Map<String, String> asMap() {
        return values;
    }

    /** Where a setting came from, for {@code footfall config check}. */
    public String origin(String key) {
        return origins.getOrDefault(key, "default");
    }
}
