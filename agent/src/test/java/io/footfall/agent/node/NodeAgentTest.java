package io.footfall.agent.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.agent.outbox.OutboxMessage;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.hal.spi.HalSettings;
import io.footfall.sim.GroundTruth;
import io.footfall.sim.SimHal;
import io.footfall.sim.SimHalProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeAgentTest {
    @TempDir
    Path dir;

    private SimHal simulate(long resumeAfter, String speed) {
        return new SimHalProvider().open(new HalSettings(List.of(), new HalSettings.WifiSettings(true, "wlan1", List.of(1),
                Duration.ofMillis(500), "", Duration.ofSeconds(60)), dir, resumeAfter,
                Map.of("sim-speed", speed, "sim-peak", "3000", "sim-profile", "flat", "sim-truth", "true", "sim-seed", "7",
                        // clean single-file traffic: the decoder must then be exact, window by window
                        "sim-width", "0.6", "sim-groups", "0", "sim-aborts", "0", "sim-noise", "0")));
    }

    /** Runs the agent until {@code windows} windows have been stored. */
    private void runUntil(NodeAgent agent, SqliteOutbox outbox, long windows) throws Exception {
        Thread t = new Thread(agent::run);
        t.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (outbox.lastSeq() < windows && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        agent.stop();
        t.join(5000);
    }

    @Test
    void every_window_of_a_simulated_hour_is_stored_in_order_with_the_true_beam_counts() throws Exception {
        try (SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), "n1")) {
            SimHal hal = simulate(0, "1200");
            NodeAgent agent = new NodeAgent(hal, new Topics("s1", "n1"), Duration.ofMinutes(1), DecoderSettings.DEFAULTS, PrivacySettings.DEFAULTS, outbox, () -> {});
            runUntil(agent, outbox, 61);

            List<OutboxMessage> stored = outbox.oldest(1000);
            assertTrue(stored.size() >= 61, "stored " + stored.size());
            GroundTruth truth = hal.truth().orElseThrow();
            long previousEnd = -1;
            int totalIn = 0;
            for (int i = 0; i < stored.size(); i++) {
                OutboxMessage m = stored.get(i);
                assertEquals(i + 1, m.seq());
                Map<String, Object> json = JSON.std.mapFrom(m.payload());
                assertEquals("n1/" + outbox.streamId() + "/" + m.seq(), json.get("id"));
                if (previousEnd >= 0) {
                    assertEquals(previousEnd, m.windowStartMillis(), "windows follow one another");
                }
                previousEnd = m.windowEndMillis();
                long in = truth.crossings().stream().filter(c -> c.in()).filter(c -> within(hal, c.tNanos(), m)).count();
                long out = truth.crossings().stream().filter(c -> !c.in()).filter(c -> within(hal, c.tNanos(), m)).count();
                @SuppressWarnings("unchecked")
                Map<String, Object> beam = (Map<String, Object>) json.get("beam");
                assertEquals(in, ((Number) beam.get("in")).longValue(), "in, window " + Instant.ofEpochMilli(m.windowStartMillis()));
                assertEquals(out, ((Number) beam.get("out")).longValue(), "out, window " + Instant.ofEpochMilli(m.windowStartMillis()));
                totalIn += in;
            }
            assertTrue(totalIn > 500, "a busy simulated hour, got " + totalIn);
        }
    }

    @Test
    void simulated_phones_reach_the_counts_through_the_pcap_parser_and_every_distinct_address_is_counted() throws Exception {
        try (SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), "n1")) {
            SimHal hal = simulate(0, "600");
            PrivacySettings countEverything = new PrivacySettings(java.util.OptionalInt.empty(), 1, java.util.OptionalDouble.empty());
            NodeAgent agent = new NodeAgent(hal, new Topics("s1", "n1"), Duration.ofMinutes(1), DecoderSettings.DEFAULTS, countEverything,
                    outbox, () -> {});
            runUntil(agent, outbox, 20);
            GroundTruth truth = hal.truth().orElseThrow();
            long heard = 0;
            for (OutboxMessage m : outbox.oldest(1000)) {
                long devices = truth.probes().stream().filter(p -> within(hal, p.tNanos(), m)).mapToLong(GroundTruth.TrueProbe::source)
                        .distinct().count();
                Map<String, Object> json = JSON.std.mapFrom(m.payload());
                @SuppressWarnings("unchecked")
                Map<String, Object> wifi = (Map<String, Object>) json.get("wifi");
                if (Boolean.TRUE.equals(wifi.get("suppressed"))) {
                    continue;
                }
                assertEquals(devices, ((Number) wifi.get("devices")).longValue(), "devices at " + Instant.ofEpochMilli(m.windowStartMillis()));
                heard += devices;
            }
            assertTrue(heard > 100, "phones were heard: " + heard);
        }
    }

    @Test
    void a_restarted_node_carries_on_after_the_last_window_it_closed() throws Exception {
        Path db = dir.resolve("outbox.db");
        long firstEnd;
        String stream;
        try (SqliteOutbox outbox = StandardOutbox.open(db, "n1")) {
            NodeAgent agent = new NodeAgent(simulate(0, "600"), new Topics("s1", "n1"), Duration.ofMinutes(1), DecoderSettings.DEFAULTS, PrivacySettings.DEFAULTS, outbox, () -> {});
            runUntil(agent, outbox, 3);
            firstEnd = outbox.lastWindowEndMillis();
            stream = outbox.streamId();
        }
        try (SqliteOutbox outbox = StandardOutbox.open(db, "n1")) {
            long seqBefore = outbox.lastSeq();
            SimHal hal = simulate(outbox.lastWindowEndMillis(), "600");
            NodeAgent agent = new NodeAgent(hal, new Topics("s1", "n1"), Duration.ofMinutes(1), DecoderSettings.DEFAULTS, PrivacySettings.DEFAULTS, outbox, () -> {});
            runUntil(agent, outbox, seqBefore + 2);
            List<OutboxMessage> all = outbox.oldest(1000);
            OutboxMessage firstAfter = all.stream().filter(m -> m.seq() == seqBefore + 1).findFirst().orElseThrow();
            assertEquals(firstEnd, firstAfter.windowStartMillis());
            assertEquals(stream, outbox.streamId());
            assertFalse(all.stream().map(OutboxMessage::id).distinct().count() < all.size(), "ids never repeat");
        }
    }

    private static boolean within(SimHal hal, long tNanos, OutboxMessage m) {
        long wall = hal.simClock().wallMillisAt(tNanos);
        return wall >= m.windowStartMillis() && wall < m.windowEndMillis();
    }
}
