package io.footfall.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.Coverage;
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

class CountsMergerCoverageTest {
    private static final long T0 = 1_795_305_600_000L;
    private static final long FIVE_MIN = 300_000L;

    private static OutboxMessage part(int i, Coverage coverage, boolean blocked, long blockedSeconds) {
        long start = T0 + i * FIVE_MIN;
        CountsMessage m = StandardMessage.window("s1", "n1", "n1/ab/" + (i + 1), i + 1, new CountsMessage.WindowInfo(start, start + FIVE_MIN, true),
                BeamCounts.of(List.of(new BeamCounts.PassageCounts("door-1", 2, 1, blocked, blockedSeconds))),
                Optional.of(new WifiCounts(10, 4, 6, 8, DwellHistogram.EMPTY, false, 5, OptionalDouble.empty())), coverage);
        return new OutboxMessage(i + 1, m.id(), "footfall/v1/s1/n1/counts", CountsJson.toJson(m), start, start + FIVE_MIN);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Map<String, Object> m, String k) {
        return (Map<String, Object>) m.get(k);
    }

    @Test
    void a_merged_message_sums_the_seconds_watched_captured_and_blocked_and_unites_the_channels() throws Exception {
        List<OutboxMessage> parts = List.of(
                part(0, new Coverage(300, 300, Optional.of(new Coverage.Wifi(300, List.of(1, 6, 11)))), false, 0),
                part(1, new Coverage(150, 300, Optional.of(new Coverage.Wifi(90, List.of(1, 6)))), true, 90),
                part(2, new Coverage(300, 300, Optional.of(new Coverage.Wifi(0, List.of()))), true, 300));

        Map<String, Object> merged = JSON.std.mapFrom(new CountsMerger(Kinds.STANDARD.sections()).merge(parts, "n1/ab/1-3"));

        assertEquals(Map.of("counting", 750, "of", 900), obj(merged, "coverage"));
        assertEquals(390, ((Number) obj(merged, "wifi").get("capturing")).intValue());
        assertEquals(List.of(1, 6, 11), obj(merged, "wifi").get("channels"));
        Map<String, Object> door = ((List<Map<String, Object>>) (List<?>) obj(merged, "beam").get("passages")).get(0);
        assertEquals(true, door.get("blocked"));
        assertEquals(390, ((Number) door.get("blockedSeconds")).intValue());
    }

    @Test
    void a_part_stored_before_coverage_existed_counts_as_watched_for_none_of_its_length() throws Exception {
        OutboxMessage old = new OutboxMessage(1, "n1/ab/1", "footfall/v1/s1/n1/counts", ("{\"schema\":\"footfall.counts/1\",\"site\":\"s1\","
                + "\"node\":\"n1\",\"id\":\"n1/ab/1\",\"seq\":1,\"window\":{\"start\":\"2026-11-22T00:00:00Z\",\"end\":\"2026-11-22T00:05:00Z\","
                + "\"clockSynced\":true},\"beam\":{\"in\":1,\"out\":0,\"passages\":[{\"name\":\"door-1\",\"in\":1,\"out\":0,\"blocked\":false}]}}")
                .getBytes(StandardCharsets.UTF_8), T0, T0 + FIVE_MIN);
        List<OutboxMessage> parts = List.of(old, part(1, new Coverage(300, 300, Optional.empty()), false, 0));

        Map<String, Object> merged = JSON.std.mapFrom(new CountsMerger(Kinds.STANDARD.sections()).merge(parts, "n1/ab/1-2"));

        assertEquals(Map.of("counting", 300, "of", 600), obj(merged, "coverage"));
        Map<String, Object> door = ((List<Map<String, Object>>) (List<?>) obj(merged, "beam").get("passages")).get(0);
        assertFalse(door.containsKey("blockedSeconds"), "never blocked: absent as in a single window");
    }
}
