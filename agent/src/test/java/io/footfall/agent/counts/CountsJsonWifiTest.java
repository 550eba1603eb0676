package io.footfall.agent.counts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.footfall.agent.counts.wifi.WifiSection;
import io.footfall.agent.privacy.DwellHistogram;
import io.footfall.agent.privacy.WifiCounts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CountsJsonWifiTest {
    @Test
    void wifi_figures_keep_their_contract_names_and_add_dwell_bins_and_no_noise_field_without_noise() {
        WifiCounts c = new WifiCounts(118, 31, 87, 64, new DwellHistogram(40, 20, 4, 0), false, 10, OptionalDouble.empty(), 54, 70);
        Map<String, Object> m = CountsJson.section(WifiSection.of(c));
        assertEquals(List.of("devices", "universal", "randomized", "estimated", "estimatedLow", "estimatedHigh", "dwell", "k"),
                List.copyOf(m.keySet()), "suppressed is left out when false, its default");
        assertEquals(List.of(40, 20, 4, 0), m.get("dwell"));
        String json = new String(CountsJson.write(m), StandardCharsets.UTF_8);
        assertEquals("{\"devices\":118,\"universal\":31,\"randomized\":87,\"estimated\":64,\"estimatedLow\":54,\"estimatedHigh\":70,"
                + "\"dwell\":[40,20,4,0],\"k\":10}", json);
    }

    @Test
    void an_interval_that_is_the_estimate_itself_is_left_out() {
        WifiCounts c = new WifiCounts(3, 0, 3, 1, new DwellHistogram(1, 0, 0, 0), false, 1, OptionalDouble.empty(), 1, 1);
        assertEquals(List.of("devices", "universal", "randomized", "estimated", "dwell", "k"),
                List.copyOf(CountsJson.section(WifiSection.of(c)).keySet()));
        WifiCounts lowOnly = new WifiCounts(40, 0, 40, 10, new DwellHistogram(10, 0, 0, 0), false, 1, OptionalDouble.empty(), 8, 10);
        assertEquals(List.of("devices", "universal", "randomized", "estimated", "estimatedLow", "dwell", "k"),
                List.copyOf(CountsJson.section(WifiSection.of(lowOnly)).keySet()));
    }

    @Test
    void with_noise_on_the_budget_is_published() {
        WifiCounts c = new WifiCounts(0, 0, 0, 0, DwellHistogram.EMPTY, true, 10, OptionalDouble.of(0.5));
        Map<String, Object> m = CountsJson.section(WifiSection.of(c));
        assertEquals("geometric", m.get("noise"));
        assertEquals(0.5, m.get("epsilon"));
        assertFalse((Boolean) m.get("suppressed") == false);
        // suppressed: the interval is not published either, exactly as before it existed
        assertFalse(m.containsKey("estimatedLow"));
        assertFalse(m.containsKey("estimatedHigh"));
    }
}
