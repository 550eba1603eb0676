package io.footfall.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Which stored messages the outbox merges next, on plain rows: no database, no payloads. */
class CoarseningTest {
    static final long MIN5 = 300_000L;
    static final String PREFIX = "node-3/c41e9a";

    /** Window {@code seq} of a stream of 5-minute windows from midnight UTC: 1-12 in hour 0, 13-24 in hour 1. */
    static Coarsening.Row window(long seq) {
        return new Coarsening.Row(seq, seq, PREFIX, (seq - 1) * MIN5, seq * MIN5);
    }

    static Coarsening.Row merged(long first, long last) {
        return new Coarsening.Row(first, last, PREFIX, (first - 1) * MIN5, last * MIN5);
    }

    static Optional<Coarsening.Run> find(long bucket, List<Coarsening.Row> rows) {
        Coarsening.RunFinder finder = new Coarsening.RunFinder(bucket);
        for (Coarsening.Row row : rows) {
            if (!finder.offer(row)) {
                break;
            }
        }
        return finder.run();
    }

    static List<Coarsening.Row> windows(long first, long last) {
        return LongStream.rangeClosed(first, last).mapToObj(CoarseningTest::window).toList();
    }

    @Test
    void the_oldest_windows_of_one_clock_hour_become_one_run_named_by_their_whole_range() {
        Coarsening.Run run = find(Coarsening.HOUR, windows(5, 30)).orElseThrow();
        assertEquals(windows(5, 12), run.rows(), "5-12 are the rest of hour 0; 13 starts hour 1");
        assertEquals(PREFIX + "/5-12", run.id());
        assertEquals(8, run.windows());
    }

    @Test
    void a_merged_message_joins_the_windows_after_its_last_seq_not_after_its_first() {
        List<Coarsening.Row> rows = List.of(merged(13, 18), window(19), window(20), window(25));
        Coarsening.Run run = find(Coarsening.HOUR, rows).orElseThrow();
        assertEquals(List.of(merged(13, 18), window(19), window(20)), run.rows());
        assertEquals(PREFIX + "/13-20", run.id());
        assertEquals(8, run.windows());
    }

    @Test
    void a_gap_in_seq_a_new_stream_or_a_window_across_the_hour_ends_a_run() {
        assertEquals(Optional.empty(), find(Coarsening.HOUR, List.of(window(1), window(3), window(5))), "a gap: 2 and 4 were sent");
        Coarsening.Row otherStream = new Coarsening.Row(2, 2, "node-3/0b77f1", MIN5, 2 * MIN5);
        assertEquals(Optional.empty(), find(Coarsening.HOUR, List.of(window(1), otherStream)), "a new stream after a quarantine");
        Coarsening.Row renamed = new Coarsening.Row(2, 2, "node-4/c41e9a", MIN5, 2 * MIN5);
        assertEquals(Optional.empty(), find(Coarsening.HOUR, List.of(window(1), renamed)), "a renamed node");
        Coarsening.Row across = new Coarsening.Row(12, 12, PREFIX, 11 * MIN5 + 60_000, 12 * MIN5 + 60_000);
        assertEquals(Optional.empty(), find(Coarsening.HOUR, List.of(window(11), across, window(13))), "12 reaches into hour 1");
    }

    @Test
    void when_the_oldest_hour_holds_a_single_message_the_next_hour_with_two_is_taken() {
        Coarsening.Run run = find(Coarsening.HOUR, List.of(merged(1, 12), window(13), window(14))).orElseThrow();
        assertEquals(PREFIX + "/13-14", run.id());
    }

    @Test
    void hourly_messages_of_one_utc_day_become_one_daily_run() {
        List<Coarsening.Row> hours = LongStream.range(0, 26).mapToObj(h -> merged(h * 12 + 1, h * 12 + 12)).toList();
        assertEquals(Optional.empty(), find(Coarsening.HOUR, hours), "already hourly");
        Coarsening.Run day = find(Coarsening.DAY, hours).orElseThrow();
        assertEquals(24, day.rows().size(), "hours 0-23; hour 24 is the next day");
        assertEquals(PREFIX + "/1-288", day.id());
    }

    @Test
    void the_finder_stops_asking_for_rows_once_it_has_a_run() {
        Coarsening.RunFinder finder = new Coarsening.RunFinder(Coarsening.HOUR);
        assertTrue(finder.offer(window(1)));
        assertTrue(finder.offer(window(2)));
        assertFalse(finder.offer(window(13)), "13 is in the next hour: 1-2 is the run");
        assertFalse(finder.offer(window(14)));
        assertEquals(PREFIX + "/1-2", finder.run().orElseThrow().id());
    }

    @Test
    void a_run_is_two_rows_or_more_and_a_bucket_is_an_hour_or_a_day() {
        assertThrows(IllegalArgumentException.class, () -> new Coarsening.Run(List.of(window(1))));
        assertThrows(IllegalArgumentException.class, () -> new Coarsening.RunFinder(60_000));
        assertThrows(IllegalArgumentException.class, () -> new Coarsening.Row(5, 4, PREFIX, 0, MIN5));
    }

    @Test
    void ids_are_made_in_one_place_and_an_old_id_gives_its_range_only_when_it_matches_its_seq() {
        assertEquals("node-3/c41e9a/7", MessageIds.window("node-3", "c41e9a", 7));
        assertEquals("node-3/c41e9a/7-9", MessageIds.range("node-3/c41e9a", 7, 9));
        assertEquals("node-3/c41e9a", MessageIds.prefix("node-3/c41e9a/7-9"));
        assertEquals(7, MessageIds.legacySeqLast(7, "node-3/c41e9a/7"));
        assertEquals(9, MessageIds.legacySeqLast(7, "node-3/c41e9a/7-9"));
        for (String bad : List.of("node-3/c41e9a/8", "node-3/c41e9a/7-6", "node-3/c41e9a/7-x", "node-3/c41e9a/", "7")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageIds.legacySeqLast(7, bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> MessageIds.range("node-3/c41e9a", 7, 7));
    }
}
