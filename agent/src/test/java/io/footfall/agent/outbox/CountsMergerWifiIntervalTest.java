package io.footfall.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.kinds.Kinds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountsMergerWifiIntervalTest {
    private static OutboxMessage part(long seq, String wifi) {
        String json = "{\"schema\":\"footfall.counts/1\",\"site\":\"s\",\"node\":\"n\",\"id\":\"n/ab/" + seq + "\",\"seq\":" + seq
                + ",\"window\":{\"start\":\"" + Instant.ofEpochMilli(seq * 300_000L) + "\",\"end\":\"" + Instant.ofEpochMilli((seq + 1) * 300_000L)
                + "\",\"clockSynced\":true},\"beam\":{\"in\":1,\"out\":0,\"passages\":[]},"
                + "\"wifi\":" + wifi + "}";
        return new OutboxMessage(seq, "n/ab/" + seq, "footfall/v1/s/n/counts", json.getBytes(StandardCharsets.UTF_8),
                seq * 300_000L, (seq + 1) * 300_000L);
    }

    private static Map<?, ?> mergedWifi(OutboxMessage... parts) throws Exception {
        return (Map<?, ?>) JSON.std.mapFrom(new CountsMerger(Kinds.STANDARD.sections()).merge(List.of(parts), "n/ab/1-3")).get("wifi");
    }

    @Test
    void the_interval_of_merged_windows_is_the_maximum_of_each_end_and_brackets_the_maximum_estimate() throws Exception {
        Map<?, ?> w = mergedWifi(
                part(1, "{\"devices\":40,\"universal\":4,\"randomized\":36,\"estimated\":12,\"estimatedLow\":10,\"estimatedHigh\":12,\"suppressed\":false,\"k\":5}"),
                part(2, "{\"devices\":90,\"universal\":9,\"randomized\":81,\"estimated\":20,\"estimatedLow\":16,\"estimatedHigh\":20,\"suppressed\":false,\"k\":5}"),
                part(3, "{\"devices\":0,\"universal\":0,\"randomized\":0,\"estimated\":0,\"suppressed\":true,\"k\":5}"));
        assertEquals(20, w.get("estimated"));
        assertEquals(16, w.get("estimatedLow"));
        assertFalse(w.containsKey("estimatedHigh"), "the high end is the estimate itself");
        assertFalse(w.containsKey("suppressed"), "not every window was suppressed: left out, its default false");
    }

    @Test
    void a_window_without_an_interval_brings_its_estimate_to_both_ends() throws Exception {
        Map<?, ?> w = mergedWifi(
                part(1, "{\"devices\":3,\"universal\":0,\"randomized\":3,\"estimated\":1,\"suppressed\":false,\"k\":1}"),
                part(2, "{\"devices\":9,\"universal\":0,\"randomized\":9,\"estimated\":4,\"estimatedLow\":2,\"estimatedHigh\":4,\"suppressed\":false,\"k\":1}"),
                part(3, "{\"devices\":30,\"universal\":0,\"randomized\":30,\"estimated\":3,\"suppressed\":false,\"k\":1}"));
        assertEquals(4, w.get("estimated"));
        assertEquals(3, w.get("estimatedLow"));
        assertFalse(w.containsKey("estimatedHigh"));
    }

    @Test
    void windows_from_nodes_without_an_interval_merge_without_one() throws Exception {
        Map<?, ?> w = mergedWifi(
                part(1, "{\"devices\":40,\"universal\":4,\"randomized\":36,\"estimated\":12,\"suppressed\":false,\"k\":5}"),
                part(2, "{\"devices\":90,\"universal\":9,\"randomized\":81,\"estimated\":20,\"suppressed\":false,\"k\":5}"));
        assertEquals(20, w.get("estimated"));
        assertFalse(w.containsKey("estimatedLow"));
        assertFalse(w.containsKey("estimatedHigh"));
    }
}
