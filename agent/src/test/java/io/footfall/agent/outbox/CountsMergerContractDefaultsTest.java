package io.footfall.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.kinds.StandardMessage;
import io.footfall.agent.privacy.DwellHistogram;
import io.footfall.agent.privacy.WifiCounts;
import io.footfall.agent.receive.ReceivedWindow;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * A merged message reads its parts with the contract defaults ({@code clockSynced} true,
 * {@code blocked} and {@code suppressed} false when absent) and follows the same compact rule: each
 * written only when it differs from its default (docs/MQTT.md, "Coarsened windows").
 */
class CountsMergerContractDefaultsTest {
    private static final long T0 = 1_795_305_600_000L;
    private static final long FIVE_MIN = 300_000L;

    private static OutboxMessage part(int i, boolean synced, boolean blocked, boolean suppressed) {
        long start = T0 + i * FIVE_MIN;
        WifiCounts wifi = suppressed ? new WifiCounts(0, 0, 0, 0, DwellHistogram.EMPTY, true, 5, OptionalDouble.empty())
                : new WifiCounts(10, 4, 6, 8, DwellHistogram.EMPTY, false, 5, OptionalDouble.empty());
        CountsMessage m = StandardMessage.window("s1", "n1", "n1/ab/" + (i + 1), i + 1, new CountsMessage.WindowInfo(start, start + FIVE_MIN, synced),
                BeamCounts.of(List.of(new BeamCounts.PassageCounts("door-1", 2, 1, blocked, blocked ? 60 : 0))), Optional.of(wifi),
                new Coverage(300, 300, Optional.of(new Coverage.Wifi(300, List.of(1, 6, 11)))));
        return new OutboxMessage(i + 1, m.id(), "footfall/v1/s1/n1/counts", CountsJson.toJson(m), start, start + FIVE_MIN);
    }

    /** A part as a node before the compact contract fields wrote it: every default written out. */
    private static OutboxMessage writtenOut(OutboxMessage p) {
        String end = "\"end\":\"" + java.time.Instant.ofEpochMilli(p.windowEndMillis()) + "\"";
        String json = new String(p.payload(), StandardCharsets.UTF_8)
                .replace(end + "}", end + ",\"clockSynced\":true}")
                .replace("\"out\":1}", "\"out\":1,\"blocked\":false}")
                .replace(",\"k\":5", ",\"suppressed\":false,\"k\":5");
        return new OutboxMessage(p.seq(), p.id(), p.topic(), json.getBytes(StandardCharsets.UTF_8), p.windowStartMillis(), p.windowEndMillis());
    }

    private static String merge(OutboxMessage... parts) {
        return new String(new CountsMerger(Kinds.STANDARD.sections()).merge(List.of(parts), "n1/ab/1-" + parts.length), StandardCharsets.UTF_8);
    }

    private static ReceivedWindow read(String json) {
        return io.footfall.agent.receive.CountsParser.parse("footfall/v1/s1/n1/counts", json.getBytes(StandardCharsets.UTF_8), Kinds.STANDARD.sections());
    }

    @Test
    void parts_that_all_hold_the_defaults_merge_into_a_message_that_leaves_all_three_out() {
        String merged = merge(part(0, true, false, false), part(1, true, false, false));
        assertFalse(merged.contains("clockSynced"), merged);
        assertFalse(merged.contains("blocked"), merged);
        assertFalse(merged.contains("suppressed"), merged);
        ReceivedWindow w = read(merged);
        assertTrue(w.clockSynced());
        assertFalse(w.wifi().orElseThrow().suppressed());
    }

    @Test
    void one_part_without_a_synchronised_clock_makes_the_merged_message_say_clock_synced_false() {
        String merged = merge(part(0, true, false, false), part(1, false, false, false));
        assertTrue(merged.contains("\"clockSynced\":false"), merged);
        assertFalse(read(merged).clockSynced());
    }

    @Test
    void one_blocked_part_makes_the_merged_passage_blocked_with_its_seconds() {
        String merged = merge(part(0, true, false, false), part(1, true, true, false));
        assertTrue(merged.contains("{\"name\":\"door-1\",\"in\":4,\"out\":2,\"blocked\":true,\"blockedSeconds\":60}"), merged);
    }

    @Test
    void the_merged_message_is_suppressed_only_when_every_part_was() {
        String some = merge(part(0, true, false, true), part(1, true, false, false));
        assertFalse(some.contains("suppressed"), some);
        String all = merge(part(0, true, false, true), part(1, true, false, true));
        assertTrue(all.contains("\"suppressed\":true"), all);
        assertTrue(read(all).wifi().orElseThrow().suppressed());
    }

    @Test
    void parts_stored_by_an_older_node_with_the_defaults_written_out_merge_into_the_same_bytes() {
        OutboxMessage a = part(0, true, false, false);
        OutboxMessage b = part(1, true, false, false);
        assertTrue(new String(writtenOut(a).payload(), StandardCharsets.UTF_8).contains("\"blocked\":false"));
        assertEquals(merge(a, b), merge(writtenOut(a), writtenOut(b)));
        assertEquals(merge(a, b), merge(a, writtenOut(b)));
    }
}
