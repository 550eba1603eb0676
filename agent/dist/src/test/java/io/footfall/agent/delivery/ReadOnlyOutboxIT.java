package io.footfall.agent.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.testing.AgentProcess;
import io.footfall.agent.testing.Delivered;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Subscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent runs as {@code nobody} (real file permissions, as the service user) on an
 * outbox file that belongs to root and is read-only for it: the state a root-run command can leave
 * behind. It must publish what is stored once each (not loop on it), report the SQLite error in
 * health, keep counting, and at stop write the windows it could not store next to the outbox; once
 * the file is writable again, everything arrives once, with no gap and no reused id.
 */
class ReadOnlyOutboxIT {
    @TempDir
    Path dir;

    @Test
    void a_read_only_outbox_publishes_each_stored_window_once_and_loses_nothing_held_in_memory() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run the agent as nobody");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        chown("nobody:nogroup", data);
        Path db = data.resolve("outbox.db");
        int port = MosquittoBroker.freePort();
        String[] args = {"run", "--config", "/dev/null", "--hal", "sim", "--broker", "tcp://127.0.0.1:" + port, "--site", "s1", "--node", "n1",
            "--window", "1m", "--sim-speed", "600", "--data-dir", data.toString()};
        Path log = dir.resolve("agent.log");

        // 1. windows stored while the broker is away
        try (AgentProcess agent = AgentProcess.startAs("nobody", "nogroup", log, args)) {
            Delivered.waitFor("windows stored", 60, () -> AgentRun.storedSeqs(db).size() >= 15);
            AgentRun.stopped(agent.stop());
        }
        long stored = AgentRun.lastSeq(db);
        // 2. the outbox now belongs to root, read-only for the service user
        for (String f : List.of("outbox.db", "outbox.db-wal", "outbox.db-shm")) {
            if (Files.exists(data.resolve(f))) {
                chown("root:root", data.resolve(f));
                Files.setPosixFilePermissions(data.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        try (MosquittoBroker broker = MosquittoBroker.startOnPort(dir.resolve("broker"), port);
                Subscriber platform = new Subscriber(broker.uri(), "footfall/v1/s1/n1/counts");
                Subscriber health = new Subscriber(broker.uri(), "footfall/v1/s1/n1/health")) {
            try (AgentProcess agent = AgentProcess.startAs("nobody", "nogroup", log, args)) {
                platform.await(r -> true, (int) stored, 60, TimeUnit.SECONDS);
                List<Subscriber.Received> held = health.await(h -> pending(h) >= 10, 1, 60, TimeUnit.SECONDS);
                assertEquals(1, held.size(), "health reports windows held in memory: " + health.received());
                Map<String, Object> h = JSON.std.mapFrom(held.get(0).payload());
                assertTrue(h.toString().contains("SQLITE_READONLY"), "health names SQLite's error: " + h);
                assertEquals(stored, platform.received().size(), "each stored window published once, not over and over");
                AgentRun.stopped(agent.stop());
            }
            assertTrue(Files.exists(data.resolve("outbox.db.spill")), "held windows written down at stop:\n" + AgentRun.log(log));
            assertEquals(stored, AgentRun.lastSeq(db), "the read-only file did not change");
            // 3. the technician gives the file back; the next start stores and sends everything
            for (String f : List.of("outbox.db", "outbox.db-wal", "outbox.db-shm")) {
                if (Files.exists(data.resolve(f))) {
                    chown("nobody:nogroup", data.resolve(f));
                }
            }
            try (AgentProcess agent = AgentProcess.startAs("nobody", "nogroup", log, args)) {
                Delivered.waitFor("the spilled windows stored", 60, () -> !Files.exists(data.resolve("outbox.db.spill")));
                long afterSpill = AgentRun.lastSeq(db);
                platform.await(r -> true, (int) afterSpill + 5, 60, TimeUnit.SECONDS);
                AgentRun.stopped(agent.stop());
            }
            long last = AgentRun.lastSeq(db);
            TreeSet<Long> left = AgentRun.storedSeqs(db);
            AgentRun.everyWindowOnce(platform, last, left);
            System.out.printf("read-only outbox: %d stored before, %d windows in all, %d publishes, %d still stored at the end%n", stored, last,
                    platform.received().size(), left.size());
        }
    }

    private static long pending(Subscriber.Received r) {
        try {
            Map<String, Object> h = JSON.std.mapFrom(r.payload());
            Object outbox = h.get("outbox");
            return outbox instanceof Map<?, ?> o && o.get("pending") instanceof Number n ? n.longValue() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static void chown(String owner, Path p) throws Exception {
        Process proc = new ProcessBuilder("chown", owner, p.toString()).inheritIO().start();
        assertEquals(0, proc.waitFor());
    }
}
