package io.footfall.agent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.receive.Receiver;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/** The acceptance check of every fault-injection test. */
public final class Delivered {
    private Delivered() {}

    /**
     * Every window {@code 1..n} of the node's stream arrived exactly once after de-duplication, no
     * other window arrived, every duplicate was an identical re-send (same id, same payload), and no
     * seq is missing.
     */
    public static void everyWindowExactlyOnce(Receiver receiver, String node, String stream, int n) {
        List<ReceivedWindow> got = receiver.received();
        TreeSet<Long> seqs = new TreeSet<>();
        for (ReceivedWindow w : got) {
            assertEquals(node + "/" + stream + "/" + w.seq(), w.id(), "id joins node, stream and seq");
            seqs.add(w.seq());
        }
        assertEquals(n, got.size(), "distinct windows received");
        assertEquals(n, seqs.size());
        assertEquals(1L, seqs.first());
        assertEquals((long) n, seqs.last());
        assertEquals(List.of(), receiver.gaps(), "gaps");
        assertEquals(0, receiver.conflicts(), "duplicates are identical re-sends of the same window");
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
