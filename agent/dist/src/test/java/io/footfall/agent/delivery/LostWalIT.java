package io.footfall.agent.delivery;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.testing.AgentProcess;
import io.footfall.agent.testing.Delivered;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Subscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent delivers to a real broker, is SIGKILLed, and a technician deletes
 * {@code outbox.db-wal} to free space (a power cut on a card that lies about syncing cuts it short
 * the same way). The outbox's {@code last_seq} goes back to its last checkpoint; seqs after it were
 * already published. Whatever happens, no id may reach the platform twice with different counts.
 */
class LostWalIT {
    @TempDir
    Path dir;

    @Test
    void deleting_the_write_ahead_log_after_a_crash_never_reuses_a_published_id() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        Path data = dir.resolve("data");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Subscriber platform = new Subscriber(broker.uri(), "footfall/v1/s1/+/counts")) {
            String[] args = {"run", "--hal", "sim", "--broker", broker.uri(), "--site", "s1", "--node", "n1", "--window", "1m",
                "--sim-speed", "600", "--data-dir", data.toString()};
            Path log1 = dir.resolve("first.log");
            try (AgentProcess a = AgentProcess.start(log1, args)) {
                // past the first checkpoints (100 pages of log), so the main file holds a last_seq well behind the log's
                platform.await(r -> true, 150, 90, TimeUnit.SECONDS);
                a.kill();
            }
            Files.delete(data.resolve("outbox.db-wal"));
            int before = platform.received().size();
            Path log2 = dir.resolve("second.log");
            try (AgentProcess b = AgentProcess.start(log2, args)) {
                platform.await(r -> true, before + 40, 60, TimeUnit.SECONDS);
                AgentRun.stopped(b.stop());
            }
            Map<String, String> byId = new HashMap<>();
            for (Subscriber.Received r : platform.received()) {
                String id = (String) JSON.std.mapFrom(r.payload()).get("id");
                String earlier = byId.putIfAbsent(id, r.payload());
                assertTrue(earlier == null || earlier.equals(r.payload()), "id " + id + " went out twice with different counts");
            }
            assertTrue(AgentRun.count(AgentRun.log(log2), "write-ahead log was lost") >= 1, "the fault is reported:\n" + AgentRun.log(log2));
        }
    }
}
