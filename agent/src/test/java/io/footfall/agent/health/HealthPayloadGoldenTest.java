package io.footfall.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.mqtt.StatusPayload;
import io.footfall.agent.mqtt.Topics;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The health snapshot, the status file and the retained status, byte for byte as the node wrote
 * them before they became records (issue 11): the expected texts below were produced by the
 * map-based code and must not change unless a field is added on purpose.
 *
 * <p>One thing the map-based node did not hold: it built each {@code beam.passages} entry and
 * {@code pipeline} with {@code Map.of}, whose iteration order changes from one JVM start to the next,
 * so those two objects' keys came out in a random order. The texts here fix the order the schema and
 * docs/MQTT.md declare ({@code name, blocked, crossings}; {@code droppedEvents, unstoredWindows}).
 */
class HealthPayloadGoldenTest {
    static final Topics TOPICS = new Topics("kortrijk-centrum", "node-017");

    static final String HEALTHY_COMPACT = golden("health-healthy-compact.json");
    static final String FAULTY_COMPACT = golden("health-faulty-compact.json");
    static final String STATUS_FILE = golden("status-file.json");

    /** One expected text from this package's test resources (one line of JSON, newline-terminated). */
    static String golden(String name) {
        try (var in = HealthPayloadGoldenTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, Object> snapshot(boolean faulty) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("schema", "footfall.health/1");
        h.put("site", "kortrijk-centrum");
        h.put("node", "node-017");
        h.put("time", "2026-11-22T10:07:31.250Z");
        h.put("uptimeSeconds", 3600L);
        h.put("clockSynced", !faulty);
        h.put("beam", Map.of("passages", List.of(passage("door-1", faulty, 42), passage("door-2", false, 0))));
        Map<String, Object> wifi = new LinkedHashMap<>();
        wifi.put("state", faulty ? "quiet" : "running");
        wifi.put("detail", faulty ? "no frame for 60 s on wlan1" : "capturing on wlan1");
        wifi.put("probesPerSecond", faulty ? 0.0 : 4.2);
        h.put("wifi", wifi);
        Map<String, Object> pipeline = new LinkedHashMap<>();
        pipeline.put("droppedEvents", faulty ? 3L : 0L);
        pipeline.put("unstoredWindows", faulty ? 1 : 0);
        h.put("pipeline", pipeline);
        Map<String, Object> ob = new LinkedHashMap<>();
        ob.put("depth", faulty ? 17 : 0);
        ob.put("lastSeq", 1234L);
        ob.put("pending", faulty ? 2 : 0);
        ob.put("coarsened", faulty ? 5L : 0L);
        ob.put("dropped", faulty ? 1L : 0L);
        ob.put("storageOk", !faulty);
        ob.put("faults", faulty ? List.of("SQLITE_FULL: database or disk is full") : List.of());
        h.put("outbox", ob);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connected", !faulty);
        m.put("refused", faulty ? 1L : 0L);
        if (faulty) {
            m.put("lastRefusal", "2026-11-22T10:07:31Z node-017/c41e9a/7 on footfall/v1/kortrijk-centrum/node-017/counts: 0x87 not authorized");
        }
        m.put("undeleted", faulty ? 2L : 0L);
        if (faulty) {
            m.put("lastError", "cannot delete 2 acknowledged messages (seq 3-4): [SQLITE_READONLY] attempt to write a readonly database");
        }
        h.put("mqtt", m);
        Map<String, Object> sys = new LinkedHashMap<>();
        sys.put("diskFreeBytes", 1_000_000_000L);
        if (faulty) {
            sys.put("cpuTemperatureC", 71.3);
            sys.put("underVoltage", true);
            sys.put("throttled", false);
            sys.put("underVoltageSinceBoot", true);
        }
        sys.put("heapUsedBytes", 12_345_678L);
        h.put("system", sys);
        return h;
    }

    static Map<String, Object> passage(String name, boolean blocked, long crossings) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("blocked", blocked);
        p.put("crossings", crossings);
        return p;
    }

    static String compact(boolean faulty) {
        return new String(CountsJson.write(HealthReport.compact(snapshot(faulty))), StandardCharsets.UTF_8);
    }

    static String statusFile() {
        Map<String, Object> h = snapshot(false);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("start", "2026-11-22T10:05:00Z");
        w.put("end", "2026-11-22T10:10:00Z");
        w.put("beam", CountsJson.beam(BeamCounts.of(List.of(new BeamCounts.PassageCounts("door-1", 3, 1, true, 12),
                new BeamCounts.PassageCounts("door-2", 0, 2, false)))));
        w.put("probes", 57L);
        Coverage c = new Coverage(140, 151, Optional.of(new Coverage.Wifi(130, List.of(1, 6, 11))));
        Map<String, Object> coverage = CountsJson.coverage(c);
        coverage.put("capturing", 130L);
        w.put("coverage", coverage);
        h.put("window", w);
        return new String(CountsJson.write(h), StandardCharsets.UTF_8);
    }

    @Test
    void a_healthy_nodes_compact_snapshot_leaves_out_its_defaults_byte_for_byte() {
        assertEquals(HEALTHY_COMPACT, compact(false));
    }

    @Test
    void a_faulty_nodes_compact_snapshot_keeps_every_counter_detail_and_reading_byte_for_byte() {
        assertEquals(FAULTY_COMPACT, compact(true));
    }

    @Test
    void the_status_file_keeps_every_field_and_the_window_so_far_byte_for_byte() {
        assertEquals(STATUS_FILE, statusFile());
    }

    @Test
    void the_retained_status_is_byte_for_byte_the_same() {
        assertEquals("{\"schema\":\"footfall.status/1\",\"state\":\"online\",\"site\":\"kortrijk-centrum\",\"node\":\"node-017\"}",
                new String(StatusPayload.online(TOPICS), StandardCharsets.UTF_8));
        assertEquals("{\"schema\":\"footfall.status/1\",\"state\":\"offline\",\"site\":\"kortrijk-centrum\",\"node\":\"node-017\"}",
                new String(StatusPayload.offline(TOPICS), StandardCharsets.UTF_8));
    }
}
