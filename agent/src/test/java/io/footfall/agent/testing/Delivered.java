package io.footfall.agent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.receive.Receiver;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/** The acceptance check of every fault-injection test. */
public final class Delivered {
    private Delivered() {}

    /**
     * Every window {@code 1..n} of the node's stream arrived exactly once after de-duplication, no
     * other window arrived, every duplicate was an identical re-send (same id, same payload), and no
     * seq is missing. A coarsened message (an outbox over its bound, or a full disk, merges windows
     * it has not sent yet) covers {@code seq..seqLast} under the id {@code node/stream/seq-seqLast};
     * no two received messages may cover the same window.
     */
    public static void everyWindowExactlyOnce(Receiver receiver, String node, String stream, int n) {
        List<ReceivedWindow> got = receiver.received();
        TreeMap<Long, Long> ranges = new TreeMap<>();
        long covered = 0;
        for (ReceivedWindow w : got) {
            String range = w.seqLast() == w.seq() ? Long.toString(w.seq()) : w.seq() + "-" + w.seqLast();
            assertEquals(node + "/" + stream + "/" + range, w.id(), "id joins node, stream and seq");
            Long before = ranges.put(w.seq(), w.seqLast());
            assertEquals(null, before, "two messages start at seq " + w.seq());
            covered += w.seqLast() - w.seq() + 1;
        }
        long next = 1;
        for (var r : ranges.entrySet()) {
            assertEquals(next, (long) r.getKey(), "windows " + ranges + " cover 1.." + n + " once each, without overlap");
            next = r.getValue() + 1;
        }
        assertEquals(n, covered, "windows covered by the messages received");
        assertEquals((long) n + 1, next);
        assertEquals(List.of(), receiver.gaps(), "gaps");
        assertEquals(0, receiver.conflicts(), "duplicates are identical re-sends of the same window");
    }

    /** Windows covered by the distinct messages received so far (a coarsened one covers several). */
    public static long covered(Receiver receiver) {
        return receiver.received().stream().mapToLong(w -> w.seqLast() - w.seq() + 1).sum();
    }

    public static void waitFor(String what, long seconds, BooleanSupplier c) {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError(what + ": not within " + seconds + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
