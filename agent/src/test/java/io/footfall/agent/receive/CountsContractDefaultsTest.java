package io.footfall.agent.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.cli.ReceiveCommand;
import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.counts.beam.BeamKind;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.kinds.StandardMessage;
import io.footfall.agent.privacy.DwellHistogram;
import io.footfall.agent.privacy.WifiCounts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The contract fields with a default (docs/MQTT.md, "Compact encoding"): {@code window.clockSynced}
 * (true), {@code beam.passages[].blocked} (false), {@code wifi.suppressed} (false) are written only
 * when they differ from it, and the platform reads every message, compact or written out in full by
 * an older node, the same.
 */
class CountsContractDefaultsTest {
    private static final long DAY0 = 1_795_305_600_000L;

    private static CountsMessage message(boolean clockSynced, boolean blocked, boolean suppressed) {
        WifiCounts wifi = suppressed
                ? new WifiCounts(0, 0, 0, 0, DwellHistogram.EMPTY, true, 10, OptionalDouble.empty())
                : new WifiCounts(40, 12, 28, 31, new DwellHistogram(10, 12, 6, 3), false, 10, OptionalDouble.empty(), 27, 31);
        return StandardMessage.window("kortrijk-centrum", "node-017", "node-017/c41e9a/12", 12,
                new CountsMessage.WindowInfo(DAY0, DAY0 + 300_000, clockSynced),
                BeamCounts.of(List.of(new BeamCounts.PassageCounts("door-1", 4, 3, blocked, blocked ? 90 : 0),
                        new BeamCounts.PassageCounts("door-2", 1, 2, false))),
                Optional.of(wifi), new Coverage(300, 300, Optional.of(new Coverage.Wifi(300, List.of(1, 6, 11)))));
    }

    private static String text(CountsMessage m) {
        return new String(CountsJson.toJson(m), StandardCharsets.UTF_8);
    }

    private static ReceivedWindow read(String json) {
        return CountsParser.parse("footfall/v1/kortrijk-centrum/node-017/counts", json.getBytes(StandardCharsets.UTF_8), Kinds.STANDARD.sections());
    }

    private static List<Boolean> blockedPerPassage(ReceivedWindow w) {
        return BeamKind.in(w.message()).passages().stream().map(BeamCounts.PassageCounts::blocked).toList();
    }

    @Test
    void a_window_with_a_synchronised_clock_leaves_clock_synced_out_and_reads_as_synchronised() {
        String json = text(message(true, false, false));
        assertFalse(json.contains("clockSynced"), json);
        assertTrue(read(json).clockSynced());
    }

    @Test
    void a_window_without_a_synchronised_clock_writes_clock_synced_false_and_reads_it_back() {
        String json = text(message(false, false, false));
        assertTrue(json.contains("\"clockSynced\":false"), json);
        assertFalse(read(json).clockSynced());
    }

    @Test
    void a_passage_that_was_never_blocked_leaves_blocked_out_and_reads_as_not_blocked() {
        String json = text(message(true, false, false));
        assertFalse(json.contains("blocked"), json);
        assertEquals(List.of(false, false), blockedPerPassage(read(json)));
    }

    @Test
    void a_blocked_passage_writes_blocked_true_with_its_seconds_and_only_that_passage_does() {
        String json = text(message(true, true, false));
        assertTrue(json.contains("{\"name\":\"door-1\",\"in\":4,\"out\":3,\"blocked\":true,\"blockedSeconds\":90}"), json);
        assertTrue(json.contains("{\"name\":\"door-2\",\"in\":1,\"out\":2}"), json);
        assertEquals(List.of(true, false), blockedPerPassage(read(json)));
    }

    @Test
    void a_window_above_k_leaves_suppressed_out_and_reads_as_not_suppressed() {
        String json = text(message(true, false, false));
        assertFalse(json.contains("suppressed"), json);
        assertFalse(read(json).wifi().orElseThrow().suppressed());
    }

    @Test
    void a_suppressed_window_writes_suppressed_true_and_reads_it_back() {
        String json = text(message(true, false, true));
        assertTrue(json.contains("\"suppressed\":true"), json);
        assertTrue(read(json).wifi().orElseThrow().suppressed());
    }

    @Test
    void every_combination_reads_back_as_the_node_counted_it() {
        for (boolean synced : List.of(true, false)) {
            for (boolean blocked : List.of(true, false)) {
                for (boolean suppressed : List.of(true, false)) {
                    String json = text(message(synced, blocked, suppressed));
                    ReceivedWindow w = read(json);
                    assertEquals(synced, w.clockSynced(), json);
                    assertEquals(List.of(blocked, false), blockedPerPassage(w), json);
                    assertEquals(suppressed, w.wifi().orElseThrow().suppressed(), json);
                }
            }
        }
    }

    @Test
    void a_message_from_an_older_node_with_every_default_written_out_reads_the_same_as_the_compact_one() {
        String compact = text(message(true, false, false));
        String end = "\"end\":\"" + java.time.Instant.ofEpochMilli(DAY0 + 300_000) + "\"";
        String old = compact
                .replace(end + "}", end + ",\"clockSynced\":true}")
                .replace("\"out\":3}", "\"out\":3,\"blocked\":false}")
                .replace("\"out\":2}", "\"out\":2,\"blocked\":false}")
                .replace("\"k\":10", "\"suppressed\":false,\"k\":10");
        assertEquals(compact.length() + 19 + 2 * 16 + 19, old.length(), "all four fields written out: " + old);

        ReceivedWindow a = read(compact);
        ReceivedWindow b = read(old);
        assertEquals(a.clockSynced(), b.clockSynced());
        assertEquals(a.wifi(), b.wifi());
        assertEquals(blockedPerPassage(a), blockedPerPassage(b));
        assertEquals(a.coverage(), b.coverage());
        assertEquals(ReceiveCommand.line(a, 0.9), ReceiveCommand.line(b, 0.9));
        assertEquals(ReceiveCommand.csvRow(a), ReceiveCommand.csvRow(b));
    }

    @Test
    void a_message_from_an_older_node_with_the_non_default_values_written_out_reads_the_same() {
        String compact = text(message(false, true, true));
        String old = compact.replace("\"in\":1,\"out\":2}", "\"in\":1,\"out\":2,\"blocked\":false}");
        assertTrue(old.length() > compact.length(), old);
        ReceivedWindow a = read(compact);
        ReceivedWindow b = read(old);
        assertEquals(ReceiveCommand.csvRow(a), ReceiveCommand.csvRow(b));
        assertEquals(blockedPerPassage(a), blockedPerPassage(b));
    }

    @Test
    void a_default_field_present_with_a_value_that_is_not_a_boolean_is_refused_naming_it() {
        String compact = text(message(true, false, false));
        RuntimeException e = assertThrows(Rejection.RejectedException.class,
                () -> read(compact.replace("\"k\":10", "\"suppressed\":\"no\",\"k\":10")));
        assertTrue(e.getMessage().contains("suppressed"), e.getMessage());
        String read = assertThrows(IllegalArgumentException.class,
                () -> CountsJson.read(compact.replace("\"k\":10", "\"suppressed\":0,\"k\":10").getBytes(StandardCharsets.UTF_8), Kinds.STANDARD.sections())).getMessage();
        assertTrue(read.contains("wifi.suppressed"), read);
    }
}
