package io.footfall.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.mqtt.Forwarder;
import io.footfall.agent.mqtt.StatusPayload;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.outbox.OutboxStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The health snapshot, the status file and the retained status, byte for byte as the node wrote
 * them before they became records (issue 11): the expected texts (this package's test resources)
 * were produced by the map-based code and must not change unless a field is added on purpose.
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

    /** Every field filled in, as {@link HealthReport#snapshot()} takes it. */
    static HealthSnapshot snapshot(boolean faulty) {
        return new HealthSnapshot(HealthSnapshot.SCHEMA, "kortrijk-centrum", "node-017", Instant.parse("2026-11-22T10:07:31.250Z"), 3600,
                !faulty,
                new BeamHealth(List.of(new BeamHealth.Passage("door-1", faulty, 42), new BeamHealth.Passage("door-2", false, 0))),
                new WifiHealth(faulty ? "quiet" : "running", Optional.of(faulty ? "no frame for 60 s on wlan1" : "capturing on wlan1"),
                        faulty ? 0.0 : 4.2),
                Optional.of(PipelineHealth.of(faulty ? 3 : 0, faulty ? 1 : 0)),
                OutboxHealth.of(new OutboxStatus(faulty ? 17 : 0, faulty ? 2 : 0, 4096, faulty ? 5 : 0, faulty ? 1 : 0,
                        faulty ? List.of("SQLITE_FULL: database or disk is full") : List.of(), !faulty), 1234),
                MqttHealth.of(new Forwarder.Status(!faulty, 9, 8, 400,
                        faulty ? Optional.of("cannot delete 2 acknowledged messages (seq 3-4): [SQLITE_READONLY] attempt to write a readonly database")
                                : Optional.empty(),
                        faulty ? 1 : 0,
                        faulty ? Optional.of("2026-11-22T10:07:31Z node-017/c41e9a/7 on footfall/v1/kortrijk-centrum/node-017/counts: 0x87 not authorized")
                                : Optional.empty(),
                        faulty ? 2 : 0)),
                SystemHealth.of(OptionalLong.of(1_000_000_000L), faulty ? OptionalDouble.of(71.3) : OptionalDouble.empty(),
                        faulty ? OptionalLong.of(0x10001) : OptionalLong.empty(), 12_345_678L),
                Optional.empty());
    }

    static String compact(boolean faulty) {
        return new String(HealthJson.write(snapshot(faulty).compact()), StandardCharsets.UTF_8);
    }

    static String statusFile() {
        WindowSoFar w = new WindowSoFar(Instant.parse("2026-11-22T10:05:00Z"), Instant.parse("2026-11-22T10:10:00Z"),
                BeamCounts.of(List.of(new BeamCounts.PassageCounts("door-1", 3, 1, true, 12), new BeamCounts.PassageCounts("door-2", 0, 2, false))),
                57, WindowSoFar.CoverageSoFar.of(new Coverage(140, 151, Optional.of(new Coverage.Wifi(130, List.of(1, 6, 11))))));
        return new String(HealthJson.write(snapshot(false).withWindow(Optional.of(w))), StandardCharsets.UTF_8);
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

    @Test
    void the_status_file_reads_back_into_the_snapshot_that_wrote_it() {
        HealthSnapshot read = HealthJson.read(STATUS_FILE.getBytes(StandardCharsets.UTF_8), Kinds.STANDARD.health());
        assertEquals(STATUS_FILE, new String(HealthJson.write(read), StandardCharsets.UTF_8));
        assertEquals(snapshot(false).beam(), read.beam());
        assertEquals(57, read.window().orElseThrow().probes());
    }

    @Test
    void a_compact_payload_reads_back_with_its_left_out_fields_still_absent() {
        HealthSnapshot read = HealthJson.read(FAULTY_COMPACT.getBytes(StandardCharsets.UTF_8), Kinds.STANDARD.health());
        assertEquals(FAULTY_COMPACT, new String(HealthJson.write(read), StandardCharsets.UTF_8));
        assertEquals(snapshot(true).compact(), read);
    }
}
