package io.footfall.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.testing.AgentProcess;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Subscriber;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
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
                // JVM start-up takes ~0.5 s; kill anywhere from before the first window to a few windows in.
                Thread.sleep(300 + random.nextInt(1500));
                agent.kill();
            }
            // A last, clean run delivers whatever the killed ones stored but had not sent.
            AgentProcess last = AgentProcess.start(dir.resolve("agent.log"), args);
            long stored;
            Thread.sleep(2000);
            last.stop();
            try (SqliteOutbox outbox = new SqliteOutbox(data.resolve("outbox.db"), "n1")) {
                stored = outbox.lastSeq();
                assertEquals(0, outbox.depth(), "everything stored was delivered");
            }
            assertTrue(stored >= KILLS, "the runs closed windows: " + stored);
            platform.await(r -> true, (int) stored, 20, TimeUnit.SECONDS);

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
            assertEquals(stored, bySeq.size(), "every closed window arrived");
            assertEquals(1L, bySeq.firstKey());
            assertEquals(stored, (long) bySeq.lastKey(), "seq consecutive from 1 without gap");
            System.out.printf("%d SIGKILLs: %d windows closed and delivered, %d duplicates%n", KILLS, stored, duplicates);
        }
    }
}
