package io.footfall.agent.config;

import io.footfall.hal.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw settings by key, merged from three layers, later ones winning: the properties file, the
 * environment ({@code FOOTFALL_DATA_DIR} for {@code data-dir}), and command-line options. Keys are
 * the long option names. A key no component declares ({@link Keys}) is refused with a suggestion,
 * so a typo never silently falls back to a default. In the environment only the names of known keys
 * are settings: other {@code FOOTFALL_*} variables, such as the launcher's {@code FOOTFALL_JAVA_OPTS},
 * are left alone (a near miss of a setting's name is warned about, see {@link #ignored()}).
 */
public final class Settings {
    /** Where the installed agent reads its configuration. */
    public static final Path DEFAULT_FILE = Path.of("/etc/footfall/footfall.properties");

    /** Environment variables of the same prefix that belong to the launcher (agent/dist/src/deb/bin/footfall), not to the agent. */
    static final Set<String> LAUNCHER_VARIABLES = Set.of("FOOTFALL_JAVA_OPTS");

    private static final String ENV_PREFIX = "FOOTFALL_";
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);

    private final Map<String, String> values;
    private final Map<String, String> origins;
    private final List<String> ignored;

    private Settings(Map<String, String> values, Map<String, String> origins, List<String> ignored) {
        this.values = Collections.unmodifiableMap(values);
        this.origins = Collections.unmodifiableMap(origins);
        this.ignored = List.copyOf(ignored);
    }

    /** The environment variable that sets {@code key}: {@code FOOTFALL_} + the key in capitals with '_' for '-'. */
    public static String environmentName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
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
            List<String> twice = new ArrayList<>();
            Properties p = new Properties() {
                @Override
                public synchronized Object put(Object key, Object value) {
                    Object was = super.put(key, value);
                    if (was != null && !was.toString().trim().equals(value.toString().trim())) {
                        twice.add((String) key);
                        twice.add("set twice in " + file + ", to '" + was + "' and then to '" + value + "'; keep the one you mean");
                    }
                    return was;
                }
            };
            r.mark(1);
            if (r.read() != '\uFEFF') { // a byte order mark, as some editors save UTF-8, is not part of the first key
                r.reset();
            }
            p.load(r);
            if (!twice.isEmpty()) {
                throw new ConfigException(twice.get(0), twice.get(1));
            }
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
        List<String> ignored = new ArrayList<>();
        new TreeMap<>(env).forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || LAUNCHER_VARIABLES.contains(name)) {
                return;
            }
            String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
            if (Keys.known(key) && name.equals(environmentName(key))) {
                if (value.isBlank()) {
                    // e.g. Environment=FOOTFALL_NODE=${NODE} with NODE unset: erasing the file's node would make the host name the identity
                    String note = "environment variable " + name + " is empty and is ignored" + (values.containsKey(key) ? "; " + key + " stays as the file sets it" : "");
                    ignored.add(note);
                    LOG.warn(note);
                    return;
                }
                put(values, origins, key, value.trim(), "environment " + name);
                return;
            }
            Optional<String> near = Keys.known(key) ? Optional.of(key) : Keys.nearest(key);
            if (near.isPresent()) {
                String note = "environment variable " + name + " is not a setting and is ignored; did you mean " + environmentName(near.get()) + "?";
                ignored.add(note);
                LOG.warn(note);
            } else {
                LOG.debug("environment variable {} is not a setting; ignored", name);
            }
        });
        cli.forEach((key, value) -> {
            if (!value.isBlank() || !values.containsKey(key)) { // an empty option does not erase the file's or environment's value
                put(values, origins, key, value, "command line");
            }
        });
        return new Settings(values, origins, ignored);
    }

    public static Settings of(Map<String, String> values) {
        Map<String, String> v = new LinkedHashMap<>();
        Map<String, String> o = new LinkedHashMap<>();
        values.forEach((k, val) -> put(v, o, k, val, "code"));
        return new Settings(v, o, List.of());
    }

    private static void put(Map<String, String> values, Map<String, String> origins, String key, String value, String origin) {
        if (!Keys.known(key)) {
            // the value is not shown: a misspelt key may well hold a secret
            throw new ConfigException(key, "unknown setting '" + key + "' (from " + origin + "): " + Keys.hint(key));
        }
        values.put(key, value);
        origins.put(key, origin);
    }

    public String get(String key, String dflt) {
        String v = values.get(key);
        return v == null || v.isBlank() ? dflt : v;
    }

    public boolean has(String key) {
        String v = values.get(key);
        return v != null && !v.isBlank();
    }

    /** Every setting by key, for components that read their own family ({@code sim-*}, {@code mqtt-*}, …). */
    public Map<String, String> asMap() {
        return values;
    }

    /** Near misses of a setting's name found in the environment and ignored, one sentence each. */
    public List<String> ignored() {
        return ignored;
    }

    /** Where a setting came from, for {@code footfall config check}. */
    public String origin(String key) {
        return origins.getOrDefault(key, "default");
    }
}
