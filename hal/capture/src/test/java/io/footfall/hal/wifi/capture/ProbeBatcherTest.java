package io.footfall.hal.wifi.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.hal.wifi.ProbeListener;
import io.footfall.hal.wifi.ProbeRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProbeBatcherTest {
    private final List<List<ProbeRequest>> batches = new ArrayList<>();
    private final ProbeListener listener = new ProbeListener() {
        @Override
        public void onProbe(ProbeRequest probe) {
            batches.add(List.of(probe));
        }

        @Override
        public void onProbes(List<ProbeRequest> probes) {
            batches.add(probes);
        }
    };

    @Test
    void a_batch_arrives_at_the_clock_and_keeps_the_spacing_the_capture_stamped() {
        AtomicLong mono = new AtomicLong(5_000_000_000L);
        ProbeBatcher b = ProbeBatcher.stampedOnArrival(listener, mono::get);
        b.onProbe(1_700_000_000_000_000_000L, 0x0200_0000_0001L, -40, 7, 9, false);
        b.onProbe(1_700_000_000_020_000_000L, 0x0200_0000_0002L, -41, 8, 9, true);
        b.onProbe(1_700_000_000_030_000_000L, 0x0200_0000_0003L, -42, 9, 9, false);
        b.flush();
        assertEquals(1, batches.size());
        List<ProbeRequest> got = batches.get(0);
        assertEquals(List.of(4_970_000_000L, 4_990_000_000L, 5_000_000_000L), got.stream().map(ProbeRequest::tNanos).toList());
        assertEquals(List.of(7, 8, 9), got.stream().map(ProbeRequest::seqNo).toList());
        assertEquals(-41, got.get(1).rssiDbm());
        assertTrue(got.get(1).retry());
        assertThrows(UnsupportedOperationException.class, () -> got.add(got.get(0)));
    }

    @Test
    void a_probe_is_never_stamped_more_than_the_longest_spread_before_its_batch() {
        ProbeBatcher b = ProbeBatcher.stampedOnArrival(listener, () -> 10_000_000_000L);
        b.onProbe(0, 1, -40, 1, 0, false);
        b.onProbe(60_000_000_000L, 2, -40, 2, 0, false);
        b.flush();
        assertEquals(10_000_000_000L - ProbeBatcher.MAX_SPREAD_NANOS, batches.get(0).get(0).tNanos());
        assertEquals(10_000_000_000L, batches.get(0).get(1).tNanos());
    }

    @Test
    void stamps_by_record_map_each_capture_time() {
        ProbeBatcher b = ProbeBatcher.stampedByRecord(listener, ts -> ts - 1000);
        b.onProbe(5000, 1, -40, 1, 0, false);
        b.onProbe(9000, 2, -40, 2, 0, false);
        b.flush();
        assertEquals(List.of(4000L, 8000L), batches.get(0).stream().map(ProbeRequest::tNanos).toList());
    }

    @Test
    void an_empty_flush_hands_over_nothing_and_a_full_batch_grows() {
        ProbeBatcher b = ProbeBatcher.stampedByRecord(listener, ts -> ts);
        b.flush();
        assertTrue(batches.isEmpty());
        for (int i = 0; i < 1000; i++) {
            b.onProbe(i, i, -40, i & 0xfff, 0, false);
        }
        b.flush();
        assertEquals(1000, batches.get(0).size());
        assertEquals(999, batches.get(0).get(999).seqNo());
    }

    @Test
    void the_paced_stream_hands_over_what_was_parsed_before_every_read() throws Exception {
        ProbeBatcher b = ProbeBatcher.stampedByRecord(listener, ts -> ts);
        InputStream in = b.paced(new ByteArrayInputStream(new byte[10]), 0);
        b.onProbe(1, 1, -40, 1, 0, false);
        assertEquals(10, in.read(new byte[10], 0, 10));
        assertEquals(1, batches.size());
        b.onProbe(2, 2, -40, 2, 0, false);
        assertEquals(-1, in.read());
        assertEquals(2, batches.size());
    }

    @Test
    void a_backlog_is_read_again_at_once_and_a_trickle_waits_for_the_pace() throws Exception {
        ProbeBatcher b = ProbeBatcher.stampedByRecord(listener, ts -> ts);
        long pace = java.util.concurrent.TimeUnit.HOURS.toNanos(1);
        InputStream in = b.paced(new ByteArrayInputStream(new byte[3 * ProbeBatcher.BACKLOG_BYTES]), pace);
        byte[] buf = new byte[4 * ProbeBatcher.BACKLOG_BYTES];
        // the first read never waits; each read of a backlog lets the next one go at once
        assertEquals(ProbeBatcher.BACKLOG_BYTES, in.read(buf, 0, ProbeBatcher.BACKLOG_BYTES));
        assertEquals(ProbeBatcher.BACKLOG_BYTES, in.read(buf, 0, ProbeBatcher.BACKLOG_BYTES));
        assertEquals(100, in.read(buf, 0, 100), "a read that filled what it asked for counts as a backlog");
        assertEquals(10, in.read(buf, 0, 10));
        assertEquals(50, in.read(buf, 0, 50));
        Thread reader = new Thread(() -> {
            try {
                in.read(buf, 0, buf.length); // short: brings the rest, under the backlog size
                in.read(buf, 0, buf.length); // must wait an hour for the pace
            } catch (java.io.IOException e) {
                // interrupted while pacing: expected
            }
        });
        reader.start();
        reader.join(200);
        assertTrue(reader.isAlive(), "after a short read the next one waits for the pace");
        reader.interrupt();
        reader.join(5000);
        assertTrue(!reader.isAlive(), "a pause ends when the thread is interrupted");
    }

    @Test
    void a_listener_that_throws_does_not_stop_the_batches() {
        ProbeBatcher b = ProbeBatcher.stampedByRecord(p -> {
            throw new IllegalStateException("listener bug");
        }, ts -> ts);
        b.onProbe(1, 1, -40, 1, 0, false);
        b.flush();
        b.onProbe(2, 2, -40, 2, 0, false);
        b.flush();
    }
}
