package io.footfall.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.hal.ConfigException;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PrivacySettingsTest {
    @Test
    void no_options_give_no_floor_k_10_and_no_noise() {
        assertEquals(new PrivacySettings(OptionalInt.empty(), 10, OptionalDouble.empty()), PrivacySettings.fromOptions(Map.of()));
        assertEquals(PrivacySettings.DEFAULTS, PrivacySettings.fromOptions(Map.of("wifi-dp-epsilon", "off", "wifi-rssi-min", "none")));
    }

    @Test
    void every_option_is_read() {
        PrivacySettings s = PrivacySettings.fromOptions(Map.of("wifi-rssi-min", " -75 ", "wifi-k", "30", "wifi-dp-epsilon", "0.5"));
        assertEquals(OptionalInt.of(-75), s.rssiMinDbm());
        assertEquals(30, s.k());
        assertEquals(OptionalDouble.of(0.5), s.epsilon());
    }

    @Test
    void a_bad_value_is_refused_naming_the_key_the_value_and_what_is_allowed() {
        for (Map<String, String> bad : new Map[] {Map.of("wifi-rssi-min", "-130"), Map.of("wifi-rssi-min", "loud"),
                Map.of("wifi-k", "0"), Map.of("wifi-k", "ten"), Map.of("wifi-dp-epsilon", "0"), Map.of("wifi-dp-epsilon", "on")}) {
            String key = bad.keySet().iterator().next();
            ConfigException e = assertThrows(ConfigException.class, () -> PrivacySettings.fromOptions(bad));
            assertEquals(key, e.key());
            assertTrue(e.getMessage().contains("'" + bad.get(key) + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("from"), e.getMessage());
        }
    }
}
