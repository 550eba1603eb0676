package io.footfall.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The published health snapshot leaves out what holds its default, and nothing else. */
class HealthReportCompactTest {
    static Map<String, Object> snapshot(String state, long dropped, long pending, long refused, List<String> faults) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("schema", "footfall.health/1");
        h.put("wifi", Map.of("state", state, "detail", "capturing on wlan1", "probesPerSecond", 4.2));
        h.put("pipeline", Map.of("droppedEvents", dropped, "unstoredWindows", 0L));
        Map<String, Object> ob = new LinkedHashMap<>();
        ob.put("depth", 0L);
        ob.put("lastSeq", 1234L);
        ob.put("pending", pending);
        ob.put("coarsened", 0L);
        ob.put("dropped", 0L);
        ob.put("storageOk", true);
        ob.put("faults", faults);
        h.put("outbox", ob);
        h.put("mqtt", Map.of("connected", true, "refused", refused, "undeleted", 0L));
        h.put("system", Map.of("heapUsedBytes", 1L));
        return h;
    }

    @Test
    void a_healthy_node_leaves_out_its_zero_counters_empty_faults_and_the_running_captures_detail() {
        Map<String, Object> c = HealthReport.compact(snapshot("running", 0, 0, 0, List.of()));
        assertEquals(Map.of("state", "running", "probesPerSecond", 4.2), c.get("wifi"));
        assertFalse(c.containsKey("pipeline"));
        assertEquals(Map.of("depth", 0L, "lastSeq", 1234L, "storageOk", true), c.get("outbox"));
        assertEquals(Map.of("connected", true), c.get("mqtt"));
        assertEquals(Map.of("heapUsedBytes", 1L), c.get("system"));
    }

    @Test
    void whatever_is_not_at_its_default_is_kept() {
        Map<String, Object> c = HealthReport.compact(snapshot("quiet", 3, 2, 1, List.of("SQLITE_FULL")));
        assertEquals("capturing on wlan1", ((Map<?, ?>) c.get("wifi")).get("detail"));
        assertEquals(Map.of("droppedEvents", 3L), c.get("pipeline"));
        Map<?, ?> ob = (Map<?, ?>) c.get("outbox");
        assertEquals(2L, ob.get("pending"));
        assertEquals(List.of("SQLITE_FULL"), ob.get("faults"));
        assertEquals(Map.of("connected", true, "refused", 1L), c.get("mqtt"));
    }
}
