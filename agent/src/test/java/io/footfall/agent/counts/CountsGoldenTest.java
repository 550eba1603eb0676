package io.footfall.agent.counts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.kinds.StandardMessage;
import io.footfall.agent.outbox.CountsMerger;
import io.footfall.agent.outbox.OutboxMessage;
import io.footfall.agent.privacy.DwellHistogram;
import io.footfall.agent.privacy.WifiCounts;
import io.footfall.agent.receive.CountsParser;
import io.footfall.agent.receive.ReceivedWindow;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The counts payloads byte for byte, pinned before the counts path was rewritten around typed
 * records and sensor kinds (issue 11): the compact encoding, field order and every default must come
 * out exactly as they did. The expected bytes are what the map-based code wrote; they change only
 * with a deliberate change of the contract (so far one: issue 14 leaves out {@code clockSynced: true},
 * {@code blocked: false} and {@code suppressed: false}, the lead's decision, merged from main).
 */
class CountsGoldenTest {
    private static final long T0 = 1_795_305_600_000L; // 2026-11-22T00:00:00Z
    private static final long FIVE_MIN = 300_000L;

    private static final BeamCounts ONE_PASSAGE = BeamCounts.of(List.of(new BeamCounts.PassageCounts("door-1", 42, 37, false)));
    private static final BeamCounts TWO_PASSAGES_ONE_BLOCKED = BeamCounts.of(List.of(
            new BeamCounts.PassageCounts("door-1", 12, 9, false),
            new BeamCounts.PassageCounts("door-2", 3, 4, true, 95)));

    private static CountsMessage message(int seq, boolean synced, BeamCounts beam, Optional<WifiCounts> wifi, Coverage coverage) {
        long start = T0 + (seq - 1) * FIVE_MIN;
        return StandardMessage.window("kortrijk-centrum", "node-017", "node-017/c41e9a/" + seq, seq,
                new CountsMessage.WindowInfo(start, start + FIVE_MIN, synced), beam, wifi, coverage);
    }

    private static String json(CountsMessage m) {
        return new String(CountsJson.toJson(m), StandardCharsets.UTF_8);
    }

    private static OutboxMessage stored(CountsMessage m) {
        return stored(m.seq(), m.id(), CountsJson.toJson(m), m.window().startMillis(), m.window().endMillis());
    }

    private static OutboxMessage stored(long seq, String id, byte[] payload, long start, long end) {
        return new OutboxMessage(seq, id, "footfall/v1/kortrijk-centrum/node-017/counts", payload, start, end);
    }

    private static String merged(String id, OutboxMessage... parts) {
        return new String(new CountsMerger(Kinds.STANDARD.sections()).merge(List.of(parts), id), StandardCharsets.UTF_8);
    }

    // --- single windows ---------------------------------------------------------------------------

    static final CountsMessage BEAMS_ONLY = message(1, true, ONE_PASSAGE, Optional.empty(), new Coverage(300, 300, Optional.empty()));

    static final CountsMessage BLOCKED_UNSYNCED_WIFI_WITH_INTERVAL = message(2, false, TWO_PASSAGES_ONE_BLOCKED,
            Optional.of(new WifiCounts(118, 31, 87, 64, new DwellHistogram(30, 20, 10, 4), false, 5, OptionalDouble.empty(), 56, 71)),
            new Coverage(148, 300, Optional.of(new Coverage.Wifi(120, List.of(36, 40)))));

    static final CountsMessage SUPPRESSED_WITH_NOISE_DEFAULT_CHANNELS = message(3, true, ONE_PASSAGE,
            Optional.of(new WifiCounts(0, 0, 0, 0, DwellHistogram.EMPTY, true, 5, OptionalDouble.of(0.5), 0, 0)),
            new Coverage(300, 300, Optional.of(new Coverage.Wifi(300, List.of(1, 6, 11)))));

    static final CountsMessage ONE_INTERVAL_END_NOTHING_CAPTURED = message(4, true, BeamCounts.of(List.of()),
            Optional.of(new WifiCounts(9, 2, 7, 6, new DwellHistogram(6, 0, 0, 0), false, 5, OptionalDouble.empty(), 6, 8)),
            new Coverage(300, 300, Optional.of(new Coverage.Wifi(0, List.of()))));

    static final String BEAMS_ONLY_JSON = "{\"schema\":\"footfall.counts/1\",\"site\":\"kortrijk-centrum\",\"node\":\"node-017\","
            + "\"id\":\"node-017/c41e9a/1\",\"seq\":1,\"window\":{\"start\":\"2026-11-22T00:00:00Z\",\"end\":\"2026-11-22T00:05:00Z\"}"
            + ",\"coverage\":{\"counting\":300},\"beam\":{\"in\":42,\"out\":37,\"passages\":[{\"name\":\"door-1\","
            + "\"in\":42,\"out\":37}]}}";

    static final String BLOCKED_UNSYNCED_WIFI_WITH_INTERVAL_JSON = "{\"schema\":\"footfall.counts/1\",\"site\":\"kortrijk-centrum\","
            + "\"node\":\"node-017\",\"id\":\"node-017/c41e9a/2\",\"seq\":2,\"window\":{\"start\":\"2026-11-22T00:05:00Z\","
            + "\"end\":\"2026-11-22T00:10:00Z\",\"clockSynced\":false},\"coverage\":{\"counting\":148},\"beam\":{\"in\":15,\"out\":13,"
            + "\"passages\":[{\"name\":\"door-1\",\"in\":12,\"out\":9},{\"name\":\"door-2\",\"in\":3,\"out\":4,"
            + "\"blocked\":true,\"blockedSeconds\":95}]},\"wifi\":{\"devices\":118,\"universal\":31,\"randomized\":87,\"estimated\":64,"
            + "\"estimatedLow\":56,\"estimatedHigh\":71,\"dwell\":[30,20,10,4],\"k\":5,\"capturing\":120,"
            + "\"channels\":[36,40]}}";

    static final String SUPPRESSED_WITH_NOISE_DEFAULT_CHANNELS_JSON = "{\"schema\":\"footfall.counts/1\",\"site\":\"kortrijk-centrum\","
            + "\"node\":\"node-017\",\"id\":\"node-017/c41e9a/3\",\"seq\":3,\"window\":{\"start\":\"2026-11-22T00:10:00Z\","
            + "\"end\":\"2026-11-22T00:15:00Z\"},\"coverage\":{\"counting\":300},\"beam\":{\"in\":42,\"out\":37,"
            + "\"passages\":[{\"name\":\"door-1\",\"in\":42,\"out\":37}]},\"wifi\":{\"devices\":0,\"universal\":0,"
            + "\"randomized\":0,\"estimated\":0,\"dwell\":[0,0,0,0],\"suppressed\":true,\"k\":5,\"noise\":\"geometric\",\"epsilon\":0.5}}";

    static final String ONE_INTERVAL_END_NOTHING_CAPTURED_JSON = "{\"schema\":\"footfall.counts/1\",\"site\":\"kortrijk-centrum\","
            + "\"node\":\"node-017\",\"id\":\"node-017/c41e9a/4\",\"seq\":4,\"window\":{\"start\":\"2026-11-22T00:15:00Z\","
            + "\"end\":\"2026-11-22T00:20:00Z\"},\"coverage\":{\"counting\":300},\"beam\":{\"in\":0,\"out\":0,"
            + "\"passages\":[]},\"wifi\":{\"devices\":9,\"universal\":2,\"randomized\":7,\"estimated\":6,\"estimatedHigh\":8,"
            + "\"dwell\":[6,0,0,0],\"k\":5,\"capturing\":0,\"channels\":[]}}";

    /** As an agent older than coverage stored and published it. */
    static final String OLD_NODE_JSON = "{\"schema\":\"footfall.counts/1\",\"site\":\"kortrijk-centrum\",\"node\":\"node-017\","
            + "\"id\":\"node-017/c41e9a/5\",\"seq\":5,\"window\":{\"start\":\"2026-11-22T00:20:00Z\",\"end\":\"2026-11-22T00:25:00Z\"}"
            + ",\"beam\":{\"in\":1,\"out\":0,\"passages\":[{\"name\":\"door-1\",\"in\":1,\"out\":0,\"blocked\":false}]},"
            + "\"wifi\":{\"devices\":7,\"universal\":1,\"randomized\":6,\"estimated\":5,\"suppressed\":false,\"k\":5}}";

    @Test
    void a_beams_only_window_is_written_as_before() {
        assertEquals(BEAMS_ONLY_JSON, json(BEAMS_ONLY));
    }

    @Test
    void a_blocked_unsynced_window_with_an_interval_and_other_channels_is_written_as_before() {
        assertEquals(BLOCKED_UNSYNCED_WIFI_WITH_INTERVAL_JSON, json(BLOCKED_UNSYNCED_WIFI_WITH_INTERVAL));
    }

    @Test
    void a_suppressed_noisy_window_on_the_default_channels_is_written_as_before() {
        assertEquals(SUPPRESSED_WITH_NOISE_DEFAULT_CHANNELS_JSON, json(SUPPRESSED_WITH_NOISE_DEFAULT_CHANNELS));
    }

    @Test
    void a_window_with_one_interval_end_and_nothing_captured_is_written_as_before() {
        assertEquals(ONE_INTERVAL_END_NOTHING_CAPTURED_JSON, json(ONE_INTERVAL_END_NOTHING_CAPTURED));
    }

    // --- merged (coarsened) windows -----------------------------------------------------------------

    static final String MERGED_1_TO_4_JSON = "{\"schema\":\"footfall.counts/1\",\"site\":\"kortrijk-centrum\",\"node\":\"node-017\","
            + "\"id\":\"node-017/c41e9a/1-4\",\"seq\":1,\"seqLast\":4,\"merged\":4,\"window\":{\"start\":\"2026-11-22T00:00:00Z\","
            + "\"end\":\"2026-11-22T00:20:00Z\",\"clockSynced\":false},\"coverage\":{\"counting\":1048,\"of\":1200},\"beam\":{\"in\":99,"
            + "\"out\":87,\"passages\":[{\"name\":\"door-1\",\"in\":96,\"out\":83},{\"name\":\"door-2\",\"in\":3,\"out\":4,"
            + "\"blocked\":true,\"blockedSeconds\":95}]},\"wifi\":{\"devices\":118,\"universal\":31,\"randomized\":87,\"estimated\":64,"
            + "\"estimatedLow\":56,\"estimatedHigh\":71,\"k\":5,\"noise\":\"geometric\",\"epsilon\":0.5,"
            + "\"capturing\":420,\"channels\":[1,6,11,36,40]}}";

    @Test
    void four_windows_merge_as_before() {
        assertEquals(MERGED_1_TO_4_JSON, merged("node-017/c41e9a/1-4", stored(BEAMS_ONLY), stored(BLOCKED_UNSYNCED_WIFI_WITH_INTERVAL),
                stored(SUPPRESSED_WITH_NOISE_DEFAULT_CHANNELS), stored(ONE_INTERVAL_END_NOTHING_CAPTURED)));
    }

    static final String MERGED_SUPPRESSED_JSON = "{\"schema\":\"footfall.counts/1\",\"site\":\"kortrijk-centrum\",\"node\":\"node-017\","
            + "\"id\":\"node-017/c41e9a/3-4\",\"seq\":3,\"seqLast\":4,\"merged\":2,\"window\":{\"start\":\"2026-11-22T00:10:00Z\","
            + "\"end\":\"2026-11-22T00:20:00Z\"},\"coverage\":{\"counting\":600,\"of\":600},\"beam\":{\"in\":84,"
            + "\"out\":74,\"passages\":[{\"name\":\"door-1\",\"in\":84,\"out\":74}]},\"wifi\":{\"devices\":0,"
            + "\"universal\":0,\"randomized\":0,\"estimated\":0,\"suppressed\":true,\"k\":5,\"noise\":\"geometric\",\"epsilon\":0.5,"
            + "\"capturing\":600,\"channels\":[1,6,11]}}";

    @Test
    void suppressed_windows_merge_into_a_suppressed_one_as_before() {
        CountsMessage again = message(4, true, ONE_PASSAGE,
                Optional.of(new WifiCounts(0, 0, 0, 0, DwellHistogram.EMPTY, true, 5, OptionalDouble.of(0.5), 0, 0)),
                new Coverage(300, 300, Optional.of(new Coverage.Wifi(300, List.of(1, 6, 11)))));
        assertEquals(MERGED_SUPPRESSED_JSON, merged("node-017/c41e9a/3-4", stored(SUPPRESSED_WITH_NOISE_DEFAULT_CHANNELS), stored(again)));
    }

    static final String MERGED_OF_MERGED_AND_OLD_JSON = "{\"schema\":\"footfall.counts/1\",\"site\":\"kortrijk-centrum\","
            + "\"node\":\"node-017\",\"id\":\"node-017/c41e9a/1-5\",\"seq\":1,\"seqLast\":5,\"merged\":5,\"window\":{"
            + "\"start\":\"2026-11-22T00:00:00Z\",\"end\":\"2026-11-22T00:25:00Z\",\"clockSynced\":false},\"coverage\":{\"counting\":1048,"
            + "\"of\":1500},\"beam\":{\"in\":100,\"out\":87,\"passages\":[{\"name\":\"door-1\",\"in\":97,\"out\":83},"
            + "{\"name\":\"door-2\",\"in\":3,\"out\":4,\"blocked\":true,\"blockedSeconds\":95}]},\"wifi\":{\"devices\":118,\"universal\":31,"
            + "\"randomized\":87,\"estimated\":64,\"estimatedLow\":56,\"estimatedHigh\":71,\"k\":5,"
            + "\"noise\":\"geometric\",\"epsilon\":0.5,\"capturing\":420,\"channels\":[1,6,11,36,40]}}";

    @Test
    void a_merged_message_merges_again_with_a_part_from_an_older_node_as_before() {
        OutboxMessage first = stored(1, "node-017/c41e9a/1-4", MERGED_1_TO_4_JSON.getBytes(StandardCharsets.UTF_8), T0, T0 + 4 * FIVE_MIN);
        OutboxMessage old = stored(5, "node-017/c41e9a/5", OLD_NODE_JSON.getBytes(StandardCharsets.UTF_8), T0 + 4 * FIVE_MIN,
                T0 + 5 * FIVE_MIN);
        assertEquals(MERGED_OF_MERGED_AND_OLD_JSON, merged("node-017/c41e9a/1-5", first, old));
    }

    // --- parsed on the platform's side --------------------------------------------------------------

    /** What the receiver makes of a payload, in one line, so a change in any figure shows. */
    private static String parsed(String json) {
        ReceivedWindow w = CountsParser.parse(json.getBytes(StandardCharsets.UTF_8), Kinds.STANDARD.sections());
        return w.site() + " " + w.node() + " " + w.stream() + " " + w.id() + " " + w.seq() + ".." + w.seqLast() + " " + w.start() + ".."
                + w.end() + " synced=" + w.clockSynced() + " beam " + w.beamIn() + "/" + w.beamOut() + " wifi " + w.wifi() + " coverage "
                + w.coverage() + " merged=" + w.json().getOrDefault("merged", 1);
    }

    @Test
    void every_golden_payload_parses_as_before() {
        assertEquals("kortrijk-centrum node-017 c41e9a node-017/c41e9a/1 1..1 2026-11-22T00:00:00Z..2026-11-22T00:05:00Z synced=true"
                + " beam 42/37 wifi Optional.empty coverage Optional[Coverage[counting=300, of=300, wifi=Optional.empty]] merged=1",
                parsed(BEAMS_ONLY_JSON));
        assertEquals("kortrijk-centrum node-017 c41e9a node-017/c41e9a/2 2..2 2026-11-22T00:05:00Z..2026-11-22T00:10:00Z synced=false"
                + " beam 15/13 wifi Optional[Wifi[devices=118, universal=31, randomized=87, estimated=64, suppressed=false, k=5,"
                + " estimatedLow=56, estimatedHigh=71]] coverage Optional[Coverage[counting=148, of=300, wifi=Optional[Wifi[capturing=120,"
                + " channels=[36, 40]]]]] merged=1", parsed(BLOCKED_UNSYNCED_WIFI_WITH_INTERVAL_JSON));
        assertEquals("kortrijk-centrum node-017 c41e9a node-017/c41e9a/3 3..3 2026-11-22T00:10:00Z..2026-11-22T00:15:00Z synced=true"
                + " beam 42/37 wifi Optional[Wifi[devices=0, universal=0, randomized=0, estimated=0, suppressed=true, k=5,"
                + " estimatedLow=0, estimatedHigh=0]] coverage Optional[Coverage[counting=300, of=300, wifi=Optional[Wifi[capturing=300,"
                + " channels=[1, 6, 11]]]]] merged=1", parsed(SUPPRESSED_WITH_NOISE_DEFAULT_CHANNELS_JSON));
        assertEquals("kortrijk-centrum node-017 c41e9a node-017/c41e9a/4 4..4 2026-11-22T00:15:00Z..2026-11-22T00:20:00Z synced=true"
                + " beam 0/0 wifi Optional[Wifi[devices=9, universal=2, randomized=7, estimated=6, suppressed=false, k=5,"
                + " estimatedLow=6, estimatedHigh=8]] coverage Optional[Coverage[counting=300, of=300, wifi=Optional[Wifi[capturing=0,"
                + " channels=[]]]]] merged=1", parsed(ONE_INTERVAL_END_NOTHING_CAPTURED_JSON));
        assertEquals("kortrijk-centrum node-017 c41e9a node-017/c41e9a/5 5..5 2026-11-22T00:20:00Z..2026-11-22T00:25:00Z synced=true"
                + " beam 1/0 wifi Optional[Wifi[devices=7, universal=1, randomized=6, estimated=5, suppressed=false, k=5,"
                + " estimatedLow=5, estimatedHigh=5]] coverage Optional.empty merged=1", parsed(OLD_NODE_JSON));
        assertEquals("kortrijk-centrum node-017 c41e9a node-017/c41e9a/1-4 1..4 2026-11-22T00:00:00Z..2026-11-22T00:20:00Z synced=false"
                + " beam 99/87 wifi Optional[Wifi[devices=118, universal=31, randomized=87, estimated=64, suppressed=false, k=5,"
                + " estimatedLow=56, estimatedHigh=71]] coverage Optional[Coverage[counting=1048, of=1200, wifi=Optional[Wifi["
                + "capturing=420, channels=[1, 6, 11, 36, 40]]]]] merged=4", parsed(MERGED_1_TO_4_JSON));
        assertEquals("kortrijk-centrum node-017 c41e9a node-017/c41e9a/1-5 1..5 2026-11-22T00:00:00Z..2026-11-22T00:25:00Z synced=false"
                + " beam 100/87 wifi Optional[Wifi[devices=118, universal=31, randomized=87, estimated=64, suppressed=false, k=5,"
                + " estimatedLow=56, estimatedHigh=71]] coverage Optional[Coverage[counting=1048, of=1500, wifi=Optional[Wifi["
                + "capturing=420, channels=[1, 6, 11, 36, 40]]]]] merged=5", parsed(MERGED_OF_MERGED_AND_OLD_JSON));
    }
}
