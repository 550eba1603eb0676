package io.footfall.agent.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerTest {
    static ReceivedWindow window(String node, long seq, long seqLast, int in) {
        return window("s1", node, seq, seqLast, in);
    }

    static ReceivedWindow window(String site, String node, long seq, long seqLast, int in) {
        String id = node + "/ab/" + (seq == seqLast ? Long.toString(seq) : seq + "-" + seqLast);
        Instant start = Instant.parse("2026-11-22T00:00:00Z").plusSeconds(300 * seq);
        CountsMessage m = new CountsMessage(site, node, id, seq,
                seq == seqLast ? Optional.empty() : Optional.of(new CountsMessage.Merged(seqLast, (int) (seqLast - seq + 1))),
                new CountsMessage.WindowInfo(start.toEpochMilli(), start.plusSeconds(300).toEpochMilli(), true), Optional.empty(),
                Map.of("beam", new BeamCounts(in, 0, List.of())));
        return new ReceivedWindow(m, "ab", Map.of("site", site, "id", id, "beam", Map.of("in", in, "out", 0)));
    }

    @Test
    void memory_stays_within_the_limits_whatever_arrives() {
        Ledger l = new Ledger(new Ledger.Limits(100, 10, 5, 4));
        for (int node = 0; node < 50; node++) {
            for (long seq = 1; seq <= 200; seq += 2) {
                l.accept(window("n" + node, seq, seq, 1));
            }
        }
        assertEquals(10, l.received().size());
        assertEquals(5000, l.distinct());
        assertEquals(5, l.extents().size(), "only the 5 most recently seen streams are kept");
        assertTrue(l.gaps().size() <= 5 * 3, "at most 3 gaps between 4 ranges per stream: " + l.gaps().size());
        assertTrue(l.forgotten() > 0);
    }

    @Test
    void a_window_whose_id_was_forgotten_is_still_a_duplicate_while_its_seqs_are_known() {
        Ledger l = new Ledger(new Ledger.Limits(2, 0, 10, 10));
        for (long seq = 1; seq <= 5; seq++) {
            assertEquals(Ledger.Verdict.NEW, l.accept(window("n1", seq, seq, 3)).verdict());
        }
        assertEquals(Ledger.Verdict.DUPLICATE, l.accept(window("n1", 1, 1, 3)).verdict());
        assertEquals(Ledger.Verdict.DUPLICATE, l.accept(window("n1", 1, 1, 99)).verdict(), "content forgotten: cannot be told a conflict");
        assertEquals(Ledger.Verdict.CONFLICT, l.accept(window("n1", 5, 5, 99)).verdict(), "content remembered");
        assertEquals(Ledger.Verdict.CONFLICT, l.accept(window("n1", 4, 7, 9)).verdict(), "a merged message overlapping seqs already taken");
        assertEquals(5, l.distinct());
        assertEquals(2, l.conflicts());
    }

    @Test
    void a_late_resend_closes_its_gap_and_a_merged_message_covers_its_whole_range() {
        Ledger l = new Ledger();
        l.accept(window("n1", 1, 1, 1));
        Ledger.Outcome o = l.accept(window("n1", 6, 6, 1));
        assertEquals(List.of(new Gap("s1", "n1", "ab", 2, 5)), o.newGaps());
        l.accept(window("n1", 2, 4, 1));
        assertEquals(List.of(new Gap("s1", "n1", "ab", 5, 5)), l.gaps());
        l.accept(window("n1", 5, 5, 1));
        assertEquals(List.of(), l.gaps());
    }

    @Test
    void the_same_node_name_and_stream_id_at_two_sites_are_two_streams_neither_a_duplicate_nor_a_conflict_of_the_other() {
        Ledger l = new Ledger();
        for (long seq : new long[] {1, 2, 5}) {
            assertEquals(Ledger.Verdict.NEW, l.accept(window("a", "node-001", seq, seq, 10)).verdict());
        }
        assertEquals(Ledger.Verdict.NEW, l.accept(window("b", "node-001", 1, 1, 20)).verdict(), "b's node-001/ab/1 is not a's");
        Ledger.Outcome o = l.accept(window("b", "node-001", 3, 3, 20));
        assertEquals(Ledger.Verdict.NEW, o.verdict(), "seq 3 at b overlaps nothing of b's");
        assertEquals(List.of(new Gap("b", "node-001", "ab", 2, 2)), o.newGaps(), "b's gap, not computed across a's seqs");
        assertEquals(List.of(new Gap("a", "node-001", "ab", 3, 4), new Gap("b", "node-001", "ab", 2, 2)), l.gaps());
        assertEquals(0, l.duplicates());
        assertEquals(0, l.conflicts());
        assertEquals(5, l.distinct());
        assertEquals(Ledger.Verdict.DUPLICATE, l.accept(window("b", "node-001", 1, 1, 20)).verdict());
        assertEquals(Ledger.Verdict.CONFLICT, l.accept(window("b", "node-001", 3, 3, 99)).verdict());
        assertEquals(2, l.extents().size());
    }
}
