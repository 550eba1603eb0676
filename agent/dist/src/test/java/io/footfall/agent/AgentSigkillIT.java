package io.footfall.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.testing.AgentProcess;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.agent.testing.Subscriber;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent, simulated at 600x, is SIGKILLed at random moments and started again on the
 * same data directory, over and over. The platform must end up with every window the node ever
 * closed, with seq consecutive from 1, and any duplicate byte-identical under the same id.
 */
class AgentSigkillIT {
    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    void repeated_sigkills_lose_no_closed_window_and_leave_no_gap() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        Path data = dir.resolve("data");
        Random random = new Random(42);
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Subscriber platform = new Subscriber(broker.uri(), "footfall/v1/s1/n1/counts")) {
            String[] args = {"run", "--config", "/dev/null", "--hal", "sim", "--broker", broker.uri(), "--site", "s1", "--node", "n1",
                "--window", "1m", "--sim-speed", "600", "--data-dir", data.toString()};
            for (int i = 0; i < KILLS; i++) {
                AgentProcess agent = AgentProcess.start(dir.resolve("agent.log"), args);
                if (i % 2 == 1) {
                    // Every other run first delivers a window of its own, so the kills are spread over
                    // runs that never got that far and runs that did, however slow the machine is.
                    long before = maxSeq(platform);
                    assertFalse(platform.await(r -> seq(r) > before, 1, 60, TimeUnit.SECONDS).isEmpty(),
                            "run " + i + " delivered a window");
                }
                // The kill itself falls at a random moment (this delay is the randomness, not a wait).
                Thread.sleep(random.nextInt(1500));
                agent.kill();
            }
            long storedBeforeLast;
            try (SqliteOutbox outbox = StandardOutbox.open(data.resolve("outbox.db"), "n1")) {
                storedBeforeLast = outbox.lastSeq();
            }
            assertTrue(storedBeforeLast >= KILLS / 2, "the killed runs closed windows: " + storedBeforeLast);
            // A last, clean run delivers whatever the killed ones stored but had not sent.
            AgentProcess last = AgentProcess.start(dir.resolve("agent.log"), args);
            platform.await(r -> seq(r) >= storedBeforeLast, 1, 60, TimeUnit.SECONDS);
            last.stop();
            long stored;
            Set<Long> left = new HashSet<>();
            try (SqliteOutbox outbox = StandardOutbox.open(data.resolve("outbox.db"), "n1")) {
                stored = outbox.lastSeq();
                outbox.oldest(Integer.MAX_VALUE).forEach(m -> left.add(m.seq()));
            }
            assertTrue(left.stream().allMatch(seq -> seq > storedBeforeLast), "everything the killed runs stored was delivered: " + left);
            long delivered = stored - left.size();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (distinctSeqs(platform) < delivered && System.nanoTime() < deadline) {
                Thread.sleep(50); // polling for the broker's last deliveries to the subscriber
            }

            TreeMap<Long, String> bySeq = new TreeMap<>();
            Map<String, String> byId = new HashMap<>();
            int duplicates = 0;
            for (Subscriber.Received r : platform.received()) {
                Map<String, Object> m = JSON.std.mapFrom(r.payload());
                long seq = ((Number) m.get("seq")).longValue();
                String id = (String) m.get("id");
                String before = bySeq.putIfAbsent(seq, r.payload());
                if (before != null) {
                    duplicates++;
                    assertEquals(before, r.payload(), "a re-send of seq " + seq + " is byte-identical");
                }
                String sameId = byId.putIfAbsent(id, r.payload());
                assertTrue(sameId == null || sameId.equals(r.payload()), "an id is never reused for other counts");
            }
            for (long seq = 1; seq <= stored; seq++) {
                assertTrue(bySeq.containsKey(seq) || left.contains(seq), "window " + seq + " was delivered or is still stored");
            }
            assertEquals(stored - left.size(), bySeq.size(), "nothing arrived that was never stored");
            System.out.printf("%d SIGKILLs: %d windows closed and delivered, %d duplicates%n", KILLS, stored, duplicates);
        }
    }

    private static long seq(Subscriber.Received r) {
        try {
            return ((Number) JSON.std.mapFrom(r.payload()).get("seq")).longValue();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long distinctSeqs(Subscriber platform) {
        return platform.received().stream().mapToLong(AgentSigkillIT::seq).distinct().count();
    }

    private static long maxSeq(Subscriber platform) {
        return platform.received().stream().mapToLong(AgentSigkillIT::seq).max().orElse(0);
    }
}
