package io.footfall.agent.kinds.tally;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.beam.BeamKind;
import io.footfall.agent.health.HealthJson;
import io.footfall.agent.health.HealthReport;
import io.footfall.agent.health.HealthSnapshot;
import io.footfall.agent.health.MqttHealth;
import io.footfall.agent.counts.SectionKinds;
import io.footfall.agent.kinds.KindContext;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.node.HealthReadings;
import io.footfall.agent.node.NodeAgent;
import io.footfall.agent.outbox.CountsMerger;
import io.footfall.agent.outbox.OutboxLimits;
import io.footfall.agent.outbox.OutboxMessage;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.agent.receive.CountsParser;
import io.footfall.hal.spi.HalSettings;
import io.footfall.sim.SimHal;
import io.footfall.sim.SimHalProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third sensor kind, added by this package alone and registered once in this test
 * ({@link Kinds#with}): its presses go through the real NodeAgent into the outbox, merge there
 * and are read back by the receiver, schema included, while the other sections stay as they were.
 */
class TallyKindTest {
    private static final Topics TOPICS = new Topics("s1", "n1");
    /** The node's kinds and the tally, as a receiver registers them (no counter of its own). */
    private static final SectionKinds KINDS = Kinds.STANDARD.with(new TallySensorKind()).sections();

    @TempDir
    Path dir;

    private SimHal simulate() {
        return new SimHalProvider().open(new HalSettings(List.of(), new HalSettings.WifiSettings(false, "wlan1", List.of(1),
                Duration.ofMillis(500), "", Duration.ofSeconds(60)), dir, 0,
                Map.of("sim-speed", "600", "sim-peak", "3000", "sim-profile", "flat", "sim-seed", "7")));
    }

    private static long in(SimHal hal, long tNanos, OutboxMessage m) {
        long wall = hal.simClock().wallMillisAt(tNanos);
        return wall >= m.windowStartMillis() && wall < m.windowEndMillis() ? 1 : 0;
    }

    @Test
    void a_fake_counter_registered_in_a_test_is_published_merged_and_read_back_with_the_true_presses() throws Exception {
        SimHal hal = simulate();
        TallySensor sensor = new TallySensor(hal.clock(), 2_000);
        Kinds kinds = Kinds.STANDARD.with(new TallySensorKind(sensor));
        try (SqliteOutbox outbox = new SqliteOutbox(dir.resolve("outbox.db"), "n1", OutboxLimits.defaults(),
                new CountsMerger(kinds.sections()))) {
            NodeAgent agent = new NodeAgent(hal, TOPICS, Duration.ofMinutes(1),
                    kinds.on(new KindContext(hal, DecoderSettings.DEFAULTS, PrivacySettings.DEFAULTS)), outbox, () -> {});
            Thread t = new Thread(agent::run);
            t.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (outbox.lastSeq() < 5 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(10_000_000L);
            }
            agent.stop();
            t.join(5_000);

            List<OutboxMessage> stored = outbox.oldest(100);
            assertTrue(stored.size() >= 5, "stored " + stored.size());
            List<Long> pressed = sensor.pressed();
            int total = 0;
            for (OutboxMessage m : stored) {
                CountsMessage read = CountsParser.parse(m.topic(), m.payload(), KINDS).message();
                long truth = pressed.stream().mapToLong(p -> in(hal, p, m)).sum();
                assertEquals(truth, read.section(new TallyKind()).orElseThrow().clicks(), "presses in window " + m.seq());
                assertEquals(List.of("beam", "tally"), List.copyOf(read.sections().keySet()), "written after the node's own sections");
                total += (int) truth;
            }
            assertTrue(total > 100, "the counter was pressed: " + total);

            String id = "n1/" + outbox.streamId() + "/1-3";
            CountsMessage merged = CountsParser.parse(TOPICS.counts(), new CountsMerger(KINDS).merge(stored.subList(0, 3), id), KINDS).message();
            int firstThree = 0;
            int beamIn = 0;
            for (OutboxMessage m : stored.subList(0, 3)) {
                CountsMessage part = CountsParser.parse(m.payload(), KINDS).message();
                firstThree += part.section(new TallyKind()).orElseThrow().clicks();
                beamIn += BeamKind.in(part).in();
            }
            assertEquals(3, merged.windows());
            assertEquals(firstThree, merged.section(new TallyKind()).orElseThrow().clicks(), "merged presses add up");
            assertEquals(beamIn, BeamKind.in(merged).in(), "the beam section merges as before");
        }
    }

    @Test
    void the_same_registration_brings_its_health_section_into_the_status_file_and_the_health_payload_with_its_watch_line()
            throws Exception {
        SimHal hal = simulate();
        TallySensor sensor = new TallySensor(hal.clock(), 2_000);
        Kinds kinds = Kinds.STANDARD.with(new TallySensorKind(sensor));
        try (SqliteOutbox outbox = new SqliteOutbox(dir.resolve("outbox.db"), "n1", OutboxLimits.defaults(),
                new CountsMerger(kinds.sections()))) {
            NodeAgent agent = new NodeAgent(hal, TOPICS, Duration.ofMinutes(1),
                    kinds.on(new KindContext(hal, DecoderSettings.DEFAULTS, PrivacySettings.DEFAULTS)), outbox, () -> {});
            HealthReport report = new HealthReport(TOPICS, new HealthReadings(agent), outbox, hal.clock(), () -> MqttHealth.connected(true), dir);
            Thread t = new Thread(agent::run);
            t.start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                HealthSnapshot status = HealthJson.read(report.statusJson(), kinds.health());
                while (status.section(TallyHealth.KIND).orElseThrow().presses() < 100 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(10_000_000L);
                    status = HealthJson.read(report.statusJson(), kinds.health());
                }
                long presses = status.section(TallyHealth.KIND).orElseThrow().presses();
                assertTrue(presses >= 100, "presses counted: " + presses);
                assertTrue(presses <= sensor.pressed().size(), presses + " counted of " + sensor.pressed().size() + " pressed");

                byte[] statusFile = report.statusJson();
                assertEquals(List.of("schema", "site", "node", "time", "uptimeSeconds", "clockSynced", "beam", "wifi", "tally", "pipeline",
                        "outbox", "mqtt", "system", "window"), fieldNames(statusFile), "the kind's section after the node's own");
                HealthSnapshot read = HealthJson.read(statusFile, kinds.health());
                assertEquals(new String(statusFile, StandardCharsets.UTF_8), new String(HealthJson.write(read), StandardCharsets.UTF_8),
                        "reads back into the snapshot that wrote it");
                assertTrue(fieldNames(report.json()).contains("tally"), "the health payload carries it too");
                assertEquals(List.of("start", "end", "beam", "probes", "clicks", "coverage"), windowFieldNames(statusFile),
                        "its figures in the window so far, after the node's own");
                long soFar = read.window().orElseThrow().sensors().get("tally") instanceof TallySoFar w ? w.clicks() : -1;
                assertTrue(soFar >= 0 && soFar <= presses, "presses in the window so far: " + soFar + " of " + presses);
                assertTrue(read.sensors().values().stream().flatMap(k -> k.watchLines().stream())
                        .anyMatch(l -> l.matches("tally +\\d+ presses counted since start")), "its line in footfall watch");

                HealthSnapshot elsewhere = HealthJson.read(statusFile, Kinds.STANDARD.health());
                assertEquals(List.of("beam", "wifi"), List.copyOf(elsewhere.sensors().keySet()), "a reader without the kind reads the rest");
            } finally {
                agent.stop();
                t.join(5_000);
            }
        }
    }

    private static List<String> windowFieldNames(byte[] json) throws Exception {
        List<String> names = new ArrayList<>();
        CountsJson.mapper().readTree(json).get("window").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> fieldNames(byte[] json) throws Exception {
        List<String> names = new ArrayList<>();
        CountsJson.mapper().readTree(json).fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void the_kinds_schema_fragment_is_checked_and_a_receiver_without_the_kind_reads_the_rest() {
        String message = "{\"schema\":\"footfall.counts/1\",\"site\":\"s1\",\"node\":\"n1\",\"id\":\"n1/ab/1\",\"seq\":1,"
                + "\"window\":{\"start\":\"2026-11-22T00:00:00Z\",\"end\":\"2026-11-22T00:05:00Z\"},\"coverage\":{\"counting\":300},"
                + "\"beam\":{\"in\":4,\"out\":3,\"passages\":[]},\"tally\":{\"clicks\":%d}}";
        byte[] good = String.format(message, 12).getBytes(StandardCharsets.UTF_8);
        byte[] bad = String.format(message, -1).getBytes(StandardCharsets.UTF_8);

        assertEquals(12, CountsParser.parse(good, KINDS).message().section(new TallyKind()).orElseThrow().clicks());
        RuntimeException e = assertThrows(RuntimeException.class, () -> CountsParser.parse(bad, KINDS));
        assertTrue(e.getMessage().contains("/tally/clicks: must have a minimum value of 0"), e.getMessage());

        CountsMessage elsewhere = CountsParser.parse(good, Kinds.STANDARD.sections()).message();
        assertEquals(List.of("beam"), List.copyOf(elsewhere.sections().keySet()));
        assertEquals(4, BeamKind.in(elsewhere).in());
    }
}
