package io.footfall.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.hal.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentConfigTest {
    @TempDir
    Path dir;

    /** A configuration with an identity, unless {@code values} give their own. */
    private static AgentConfig of(Map<String, String> values) {
        Map<String, String> v = new java.util.HashMap<>(Map.of("site", "s1", "node", "n1"));
        v.putAll(values);
        return AgentConfig.from(Settings.of(v));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "0m", "7m", "90s", "61m", "2h", "five", "-5m", ""})
    void a_window_that_does_not_tile_an_hour_is_refused_naming_the_key(String value) {
        if (value.isEmpty()) {
            assertEquals(Duration.ofMinutes(5), of(Map.of("window", value)).window(), "empty means the default");
            return;
        }
        ConfigException e = assertThrows(ConfigException.class, () -> of(Map.of("window", value)));
        assertEquals("window", e.key());
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("divide an hour"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1m", "5m", "15m", "60m", "1h", "PT10M", "300s"})
    void windows_that_tile_an_hour_are_accepted(String value) {
        assertTrue(of(Map.of("window", value)).window().toMinutes() >= 1);
    }

    @Test
    void passages_are_parsed_and_a_pin_used_twice_is_refused() {
        assertEquals(2, of(Map.of("passage", "door-1=17,27 door-2=5,6")).passages().size());
        ConfigException e = assertThrows(ConfigException.class, () -> of(Map.of("passage", "door-1=17,27 door-2=27,6")));
        assertEquals("passage", e.key());
        assertThrows(ConfigException.class, () -> of(Map.of("passage", "door-1=17")));
        assertThrows(ConfigException.class, () -> of(Map.of("passage", "door-1=17,17")));
    }

    @Test
    void bad_ids_broker_and_wifi_values_name_their_key() {
        assertEquals("site", assertThrows(ConfigException.class, () -> of(Map.of("site", "Kortrijk Centrum/+"))).key());
        assertEquals("broker", assertThrows(ConfigException.class, () -> of(Map.of("broker", "http://x"))).key());
        assertEquals("broker", assertThrows(ConfigException.class, () -> of(Map.of("broker", "tcp://127.0.0.1:99999"))).key());
        assertEquals("broker", assertThrows(ConfigException.class, () -> of(Map.of("broker", "mqtts://h:0"))).key());
        assertEquals("wifi", assertThrows(ConfigException.class, () -> of(Map.of("wifi", "maybe"))).key());
        assertEquals("channels", assertThrows(ConfigException.class, () -> of(Map.of("channels", "1,six"))).key());
        assertEquals("channel-dwell", assertThrows(ConfigException.class, () -> of(Map.of("channel-dwell", "1ms"))).key());
    }

    @Test
    void a_node_without_a_site_is_refused_saying_what_to_set() {
        for (String site : new String[] {"", "  "}) {
            ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.from(Settings.of(Map.of("site", site, "node", "n1"))));
            assertEquals("site", e.key());
            assertTrue(e.getMessage().contains("site=") && e.getMessage().contains("FOOTFALL_SITE"), e.getMessage());
        }
        assertEquals("site", assertThrows(ConfigException.class, () -> AgentConfig.from(Settings.of(Map.of("node", "n1")))).key());
    }

    @Test
    void an_unset_node_takes_the_host_name_unless_every_image_shares_it() {
        Settings noNode = Settings.of(Map.of("site", "s1"));
        assertEquals("door-17", AgentConfig.from(noNode, java.util.Optional.of("door-17")).ids().node());
        for (String image : new String[] {"raspberrypi", "localhost"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.from(noNode, java.util.Optional.of(image)));
            assertEquals("node", e.key());
            assertTrue(e.getMessage().contains("node=") && e.getMessage().contains("hostnamectl"), e.getMessage());
        }
        assertEquals("node", assertThrows(ConfigException.class, () -> AgentConfig.from(noNode, java.util.Optional.empty())).key());
        assertEquals("n1", AgentConfig.from(Settings.of(Map.of("site", "s1", "node", "n1")), java.util.Optional.of("raspberrypi")).ids().node(),
                "a node set explicitly may run on a host of any name");
    }

    @Test
    void a_bad_value_is_reported_before_a_missing_identity() {
        assertEquals("window", assertThrows(ConfigException.class, () -> AgentConfig.from(Settings.of(Map.of("window", "7m")))).key());
    }

    @Test
    void an_unknown_key_is_refused_rather_than_ignored() {
        ConfigException e = assertThrows(ConfigException.class, () -> Settings.of(Map.of("windwo", "5m")));
        assertEquals("windwo", e.key());
    }

    @Test
    void options_win_over_environment_which_wins_over_the_file() throws Exception {
        Path file = dir.resolve("footfall.properties");
        Files.writeString(file, "site=from-file\nnode=from-file\nwindow=10m\n");
        Settings s = Settings.load(file, true, Map.of("FOOTFALL_NODE", "from-env", "FOOTFALL_WINDOW", "15m", "PATH", "/bin"),
                Map.of("window", "20m"));
        AgentConfig cfg = AgentConfig.from(s);
        assertEquals("from-file", cfg.ids().site());
        assertEquals("from-env", cfg.ids().node());
        assertEquals(Duration.ofMinutes(20), cfg.window());
        assertEquals("environment FOOTFALL_NODE", s.origin("node"));
    }

    @Test
    void a_named_config_file_that_does_not_exist_is_refused() {
        ConfigException e = assertThrows(ConfigException.class, () -> Settings.load(dir.resolve("nope"), true, Map.of(), Map.of()));
        assertEquals("config", e.key());
    }
}
