package io.footfall.agent.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.hal.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecoderSettingsTest {
    @Test
    void missing_keys_fall_back_to_the_defaults() {
        assertEquals(DecoderSettings.DEFAULTS, DecoderSettings.fromOptions(Map.of("hal", "pi")));
    }

    @Test
    void durations_are_read_in_milliseconds_seconds_or_minutes() {
        DecoderSettings s = DecoderSettings.fromOptions(Map.of(
                "beam-debounce", "20ms", "beam-min-break", "0.05s", "beam-max-transit", "4s", "beam-blocked-after", "2m"));
        assertEquals(Duration.ofMillis(20), s.debounce());
        assertEquals(Duration.ofMillis(50), s.minBreak());
        assertEquals(Duration.ofSeconds(4), s.maxTransit());
        assertEquals(Duration.ofMinutes(2), s.blockedAfter());
    }

    @Test
    void a_bad_value_is_refused_naming_the_key_and_what_is_allowed() {
        ConfigException e = assertThrows(ConfigException.class, () -> DecoderSettings.fromOptions(Map.of("beam-max-transit", "soon")));
        assertEquals("beam-max-transit", e.key());
        assertTrue(e.getMessage().contains("'soon'") && e.getMessage().contains("100ms to 1m"), e.getMessage());
        assertThrows(ConfigException.class, () -> DecoderSettings.fromOptions(Map.of("beam-split-depth", "-1")));
        assertThrows(ConfigException.class, () -> DecoderSettings.fromOptions(Map.of("beam-blocked-after", "5h")));
    }
}
