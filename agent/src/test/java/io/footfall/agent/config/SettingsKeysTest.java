package io.footfall.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.outbox.OutboxLimits;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.hal.ConfigException;
import io.footfall.hal.beam.gpio.GpioSettings;
import io.footfall.sim.SimHalProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every key is known exactly, as its owner declares it, or refused with a suggestion; the environment holds only known names. */
class SettingsKeysTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mqtt-passwrd-file | did you mean 'mqtt-password-file'?",
            "windwo            | did you mean 'window'?",
            "outbox-max-mesages| did you mean 'outbox-max-messages'?",
            "outbox-xyz        | the outbox settings are outbox-max-age, outbox-max-bytes, outbox-max-messages",
            "wifi-bogus        | the wifi settings are wifi, wifi-dp-epsilon, wifi-interface, wifi-k, wifi-rssi-min",
            "sim-bogus         | the sim settings are sim-aborts,",
            "frobnicate        | see footfall.properties.sample"})
    void a_mistyped_key_is_refused_with_a_suggestion_and_without_its_value(String key, String hint) {
        ConfigException e = assertThrows(ConfigException.class, () -> Settings.of(Map.of(key, "s3cret")));
        assertEquals(key, e.key());
        assertTrue(e.getMessage().contains("unknown setting '" + key + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(hint), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), "a misspelt key may hold a secret: " + e.getMessage());
    }

    @Test
    void every_key_a_component_reads_is_known_from_its_owner() {
        for (var keys : List.of(AgentConfig.KEYS, MqttSettings.KEYS, OutboxLimits.KEYS, PrivacySettings.KEYS, DecoderSettings.KEYS,
                GpioSettings.KEYS, SimHalProvider.KEYS)) {
            assertTrue(Keys.all().containsAll(keys), keys.toString());
        }
        assertEquals("s", Settings.of(Map.of("sim-truth-file", "s")).get("sim-truth-file", ""));
    }

    @Test
    void every_key_the_sample_file_mentions_is_known() throws Exception {
        Matcher m = Pattern.compile("(?m)^#?([a-z][a-z0-9-]*)=").matcher(Files.readString(Path.of("src/main/dist/footfall.properties.sample")));
        int found = 0;
        while (m.find()) {
            assertTrue(Keys.known(m.group(1)), m.group(1));
            found++;
        }
        assertTrue(found >= 20, "the sample documents the settings: " + found);
    }

    @Test
    void only_the_documented_environment_names_are_settings() {
        Settings s = Settings.load(Path.of("/nonexistent"), false, Map.of(
                "FOOTFALL_JAVA_OPTS", "-Xmx64m -XX:+UseSerialGC",
                "FOOTFALL_WINDOW", "10m",
                "FOOTFALL_MQTT_PASSWORD_FILE", "/etc/footfall/pw",
                "FOOTFALL_WINDWO", "15m",
                "FOOTFALL_data_dir", "/tmp/x",
                "FOOTFALL_HOME", "/opt/footfall",
                "PATH", "/bin"), Map.of());
        assertEquals(Map.of("window", "10m", "mqtt-password-file", "/etc/footfall/pw"), s.asMap());
        assertEquals(List.of(
                "environment variable FOOTFALL_WINDWO is not a setting and is ignored; did you mean FOOTFALL_WINDOW?",
                "environment variable FOOTFALL_data_dir is not a setting and is ignored; did you mean FOOTFALL_DATA_DIR?"),
                s.ignored());
    }

    @Test
    void a_mistyped_key_on_the_command_line_is_refused_too() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Settings.load(Path.of("/nonexistent"), false, Map.of(), Map.of("wifi-rssi-mn", "-80")));
        assertTrue(e.getMessage().contains("(from command line): did you mean 'wifi-rssi-min'?"), e.getMessage());
    }

    @Test
    void a_key_set_twice_in_the_file_with_different_values_is_refused_naming_both() throws Exception {
        // a technician appends node=... to a copy of another node's file: which identity did they mean?
        Path f = Files.createTempFile("footfall", ".properties");
        try {
            Files.writeString(f, "site=s1\nnode=node-017\nmqtt-username=node-017\n\nnode=node-018\n");
            ConfigException e = assertThrows(ConfigException.class, () -> Settings.load(f, true, Map.of(), Map.of()));
            assertEquals("node", e.key());
            assertTrue(e.getMessage().contains("'node-017'") && e.getMessage().contains("'node-018'"), e.getMessage());
            Files.writeString(f, "site=s1\nnode=node-017\nnode=node-017\n");
            assertEquals("node-017", Settings.load(f, true, Map.of(), Map.of()).get("node", ""), "the same value twice is harmless");
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void a_file_saved_with_a_byte_order_mark_reads_its_first_key() throws Exception {
        Path f = Files.createTempFile("footfall", ".properties");
        try {
            Files.writeString(f, "\uFEFFsite=s1\r\nnode=n1\r\n");
            assertEquals("s1", Settings.load(f, true, Map.of(), Map.of()).get("site", ""));
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void an_empty_environment_variable_or_option_does_not_erase_the_files_node_so_the_host_name_never_takes_its_place() throws Exception {
        // Environment=FOOTFALL_NODE=${NODE} in a unit where NODE is unset; docker run -e FOOTFALL_NODE=
        Path f = Files.createTempFile("footfall", ".properties");
        try {
            Files.writeString(f, "site=s1\nnode=node-017\n");
            Settings s = Settings.load(f, true, Map.of("FOOTFALL_NODE", "", "FOOTFALL_SITE", " "), Map.of("node", ""));
            assertEquals("node-017", s.get("node", "(host name)"));
            assertEquals("s1", s.get("site", ""));
        } finally {
            Files.delete(f);
        }
    }
}
