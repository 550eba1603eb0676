package io.footfall.agent.counts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.footfall.agent.privacy.DwellHistogram;
import io.footfall.agent.privacy.WifiCounts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CountsJsonWifiTest {
    @Test
    void wifi_figures_keep_their_contract_names_and_add_dwell_and_noise() {
        WifiCounts c = new WifiCounts(118, 31, 87, 64, new DwellHistogram(40, 20, 4, 0), false, 10, OptionalDouble.empty());
        Map<String, Object> m = CountsJson.wifi(c);
        assertEquals(List.of("devices", "universal", "randomized", "estimated", "dwell", "suppressed", "k", "noise"),
                List.copyOf(m.keySet()));
        assertEquals(Map.of("lt1m", 40, "1to5m", 20, "5to15m", 4, "ge15m", 0), m.get("dwell"));
        assertEquals("none", m.get("noise"));
        String json = new String(CountsJson.write(m), StandardCharsets.UTF_8);
        assertEquals("{\"devices\":118,\"universal\":31,\"randomized\":87,\"estimated\":64,"
                + "\"dwell\":{\"lt1m\":40,\"1to5m\":20,\"5to15m\":4,\"ge15m\":0},\"suppressed\":false,\"k\":10,\"noise\":\"none\"}", json);
    }

    @Test
    void with_noise_on_the_budget_is_published() {
        WifiCounts c = new WifiCounts(0, 0, 0, 0, DwellHistogram.EMPTY, true, 10, OptionalDouble.of(0.5));
        Map<String, Object> m = CountsJson.wifi(c);
        assertEquals("geometric", m.get("noise"));
        assertEquals(0.5, m.get("epsilon"));
        assertFalse((Boolean) m.get("suppressed") == false);
    }
}
