package io.footfall.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.counts.wifi.WifiSection;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.kinds.StandardMessage;
import io.footfall.agent.outbox.CountsMerger;
import io.footfall.agent.outbox.OutboxMessage;
import io.footfall.agent.privacy.WifiCounts;
import io.footfall.agent.testing.Windows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Real payloads, as the node builds them, against the published schemas in docs/schema. */
class PayloadSchemaTest {
    static final Topics TOPICS = new Topics("kortrijk-centrum", "node-017");
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonSchema schema(String name) throws Exception {
        Path file = Path.of("..", "docs", "schema", name);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Files.readString(file), config);
    }

    static Set<ValidationMessage> validate(String schema, byte[] payload) throws Exception {
        JsonNode node = JSON.readTree(payload);
        return schema(schema).validate(node);
    }

    @Test
    void counts_messages_as_built_by_the_node_match_the_counts_schema() throws Exception {
        assertEquals(Set.of(), validate("counts.schema.json", Windows.json(TOPICS, 1234, "node-017/c41e9a/1234", Windows.DAY0, Windows.DAY0 + 300_000)));
        CountsMessage suppressedNoBeams = StandardMessage.window("kortrijk-centrum", "node-017", "node-017/c41e9a/7", 7,
                new CountsMessage.WindowInfo(Windows.DAY0, Windows.DAY0 + 60_000, false), BeamCounts.of(List.of()),
                Optional.of(new WifiCounts(0, 0, 0, 0, io.footfall.agent.privacy.DwellHistogram.EMPTY, true, 5,
                        java.util.OptionalDouble.empty())),
                new Coverage(42, 60, Optional.of(new Coverage.Wifi(0, List.of()))));
        assertEquals(Set.of(), validate("counts.schema.json", CountsJson.toJson(suppressedNoBeams)));
        CountsMessage noisy = StandardMessage.window("kortrijk-centrum", "node-017", "node-017/c41e9a/9", 9,
                new CountsMessage.WindowInfo(Windows.DAY0, Windows.DAY0 + 60_000, true), BeamCounts.of(List.of()),
                Optional.of(new WifiCounts(40, 12, 28, 31, new io.footfall.agent.privacy.DwellHistogram(10, 12, 6, 3), false, 10,
                        java.util.OptionalDouble.of(1.0))),
                new Coverage(60, 60, Optional.of(new Coverage.Wifi(55, List.of(1, 6, 11)))));
        assertEquals(Set.of(), validate("counts.schema.json", CountsJson.toJson(noisy)));
        CountsMessage withInterval = StandardMessage.window("kortrijk-centrum", "node-017", "node-017/c41e9a/10", 10,
                new CountsMessage.WindowInfo(Windows.DAY0, Windows.DAY0 + 60_000, true), BeamCounts.of(List.of()),
                Optional.of(new WifiCounts(40, 12, 28, 31, new io.footfall.agent.privacy.DwellHistogram(10, 12, 6, 3), false, 10,
                        java.util.OptionalDouble.empty(), 27, 33)),
                new Coverage(60, 60, Optional.of(new Coverage.Wifi(60, List.of(1, 6, 11)))));
        assertTrue(new String(CountsJson.toJson(withInterval), java.nio.charset.StandardCharsets.UTF_8).contains("\"estimatedLow\":27"));
        assertEquals(Set.of(), validate("counts.schema.json", CountsJson.toJson(withInterval)));
        CountsMessage noWifi = StandardMessage.window("kortrijk-centrum", "node-017", "node-017/c41e9a/8", 8,
                new CountsMessage.WindowInfo(Windows.DAY0, Windows.DAY0 + 60_000, true), BeamCounts.of(List.of(new BeamCounts.PassageCounts("door-1", 3, 4, true, 90))), Optional.empty(),
                new Coverage(60, 60, Optional.empty()));
        assertEquals(Set.of(), validate("counts.schema.json", CountsJson.toJson(noWifi)));
    }

    @Test
    void a_merged_window_from_a_full_outbox_matches_the_counts_schema() throws Exception {
        List<OutboxMessage> parts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long start = Windows.DAY0 + i * 300_000L;
            parts.add(new OutboxMessage(21 + i, "node-017/c41e9a/" + (21 + i), TOPICS.counts(),
                    Windows.json(TOPICS, 21 + i, "node-017/c41e9a/" + (21 + i), start, start + 300_000), start, start + 300_000));
        }
        byte[] merged = new CountsMerger(Kinds.STANDARD.sections()).merge(parts, "node-017/c41e9a/21-32");
        assertEquals(Set.of(), validate("counts.schema.json", merged));
    }

    @Test
    void the_schema_refuses_a_message_without_the_keys_the_platform_needs() throws Exception {
        String noId = new String(Windows.json(TOPICS, 5, "node-017/c41e9a/5", Windows.DAY0, Windows.DAY0 + 300_000))
                .replace("\"id\":\"node-017/c41e9a/5\",", "");
        assertFalse(validate("counts.schema.json", noId.getBytes()).isEmpty());
        String badSeq = new String(Windows.json(TOPICS, 5, "node-017/c41e9a/5", Windows.DAY0, Windows.DAY0 + 300_000))
                .replace("\"seq\":5", "\"seq\":0");
        assertFalse(validate("counts.schema.json", badSeq.getBytes()).isEmpty());
    }

    @Test
    void online_and_offline_status_match_the_status_schema() throws Exception {
        assertEquals(Set.of(), validate("status.schema.json", StatusPayload.online(TOPICS)));
        assertEquals(Set.of(), validate("status.schema.json", StatusPayload.offline(TOPICS)));
        assertFalse(validate("status.schema.json", "{\"schema\":\"footfall.status/1\",\"state\":\"maybe\",\"site\":\"a\",\"node\":\"b\"}".getBytes()).isEmpty());
    }

    @Test
    void a_healthy_nodes_compact_health_snapshot_matches_the_health_schema(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        io.footfall.sim.SimHal hal = new io.footfall.sim.SimHalProvider().open(new io.footfall.hal.spi.HalSettings(List.of(),
                new io.footfall.hal.spi.HalSettings.WifiSettings(true, "wlan1", List.of(1), java.time.Duration.ofMillis(500), "",
                        java.time.Duration.ofSeconds(60)), dir, 0, java.util.Map.of("sim-speed", "600")));
        try (io.footfall.agent.outbox.SqliteOutbox outbox = io.footfall.agent.testing.StandardOutbox.open(dir.resolve("o.db"), "node-017")) {
            io.footfall.agent.node.NodeAgent agent = new io.footfall.agent.node.NodeAgent(hal, TOPICS, java.time.Duration.ofMinutes(1),
                    io.footfall.agent.beam.DecoderSettings.DEFAULTS, io.footfall.agent.privacy.PrivacySettings.DEFAULTS, outbox, () -> {});
            Thread t = new Thread(agent::run);
            t.start();
            Forwarder.Status healthy = new Forwarder.Status(true, 1, 1, 40, java.util.Optional.empty(), 0, java.util.Optional.empty(), 0);
            io.footfall.agent.health.HealthReport report = new io.footfall.agent.health.HealthReport(TOPICS, new io.footfall.agent.node.HealthReadings(agent), outbox, hal.clock(),
                    () -> io.footfall.agent.health.MqttHealth.of(healthy), dir);
            long until = System.nanoTime() + 10_000_000_000L;
            while (!new String(report.json()).contains("\"state\":\"running\"") && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            byte[] json = report.json();
            agent.stop();
            t.join(5000);
            assertEquals(Set.of(), validate("health.schema.json", json), new String(json));
            assertTrue(new String(json).contains("\"mqtt\":{\"connected\":true}"), new String(json));
            assertFalse(new String(json).contains("\"detail\""), new String(json));
            assertFalse(new String(json).contains("\"faults\""), new String(json));
        }
    }

    @Test
    void the_counts_schema_states_the_default_hop_list_the_node_leaves_out() throws Exception {
        JsonNode channels = JSON.readTree(Files.readString(Path.of("..", "docs", "schema", "counts.schema.json")))
                .at("/properties/wifi/properties/channels/default");
        List<Integer> stated = new ArrayList<>();
        channels.forEach(c -> stated.add(c.asInt()));
        assertEquals(WifiSection.DEFAULT_CHANNELS, stated);
    }

    @Test
    void a_health_snapshot_of_a_running_node_matches_the_health_schema(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        io.footfall.sim.SimHal hal = new io.footfall.sim.SimHalProvider().open(new io.footfall.hal.spi.HalSettings(List.of(),
                new io.footfall.hal.spi.HalSettings.WifiSettings(true, "wlan1", List.of(1), java.time.Duration.ofMillis(500), "",
                        java.time.Duration.ofSeconds(60)), dir, 0, java.util.Map.of("sim-speed", "600")));
        try (io.footfall.agent.outbox.SqliteOutbox outbox = io.footfall.agent.testing.StandardOutbox.open(dir.resolve("o.db"), "node-017")) {
            io.footfall.agent.node.NodeAgent agent = new io.footfall.agent.node.NodeAgent(hal, TOPICS, java.time.Duration.ofMinutes(1),
                    io.footfall.agent.beam.DecoderSettings.DEFAULTS, io.footfall.agent.privacy.PrivacySettings.DEFAULTS, outbox, () -> {});
            Thread t = new Thread(agent::run);
            t.start();
            io.footfall.agent.testing.Delivered.waitFor("the capture runs and the passages are known", 30,
                    () -> agent.captureState().status() == io.footfall.hal.wifi.CaptureState.Status.RUNNING
                            && !agent.passageStates().isEmpty());
            // every optional delivery field present: a refusal, an undeletable acknowledgement, an error
            Forwarder.Status delivery = new Forwarder.Status(true, 3, 2, 40, java.util.Optional.of("cannot delete 2 acknowledged messages"
                    + " (seq 3-4): [SQLITE_READONLY] attempt to write a readonly database"), 1,
                    java.util.Optional.of("2026-11-22T10:07:31Z node-017/c41e9a/7 on footfall/v1/kortrijk-centrum/node-017/counts: 0x87 not authorized"), 2);
            io.footfall.agent.health.HealthReport report = new io.footfall.agent.health.HealthReport(TOPICS, new io.footfall.agent.node.HealthReadings(agent), outbox, hal.clock(),
                    () -> io.footfall.agent.health.MqttHealth.of(delivery), dir);
            byte[] json = report.json();
            assertTrue(new String(json).contains("\"refused\":1,\"lastRefusal\":\"2026-11-22T10:07:31Z node-017/c41e9a/7"), new String(json));
            agent.stop();
            t.join(5000);
            assertEquals(Set.of(), validate("health.schema.json", json), new String(json));
            assertTrue(new String(json).contains("\"name\":\"door-1\""), new String(json));
            assertTrue(new String(json).contains("\"state\":\"running\""), new String(json));
        }
    }
}
