package io.footfall.agent.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.agent.testing.AgentProcess;
import io.footfall.agent.testing.Delivered;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Subscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent with its data directory on a real 2 MB tmpfs: the partition fills up while the
 * broker is away, the broker comes back while it is still full, then the space is freed. Every
 * stored window is published once while the disk is full (no loop), and once space returns every
 * window arrives, once after de-duplication, with no gap.
 */
class FullDiskIT {
    @TempDir
    Path dir;

    @Test
    void a_full_data_partition_then_space_returned_loses_no_window_and_publishes_each_stored_window_once_while_full() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        assumeTrue(StorageFaultTest.run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", data.toString()) == 0, "needs root to mount a tmpfs");
        try {
            Path db = data.resolve("outbox.db");
            Path log = dir.resolve("agent.log");
            int port = MosquittoBroker.freePort();
            String[] args = {"run", "--config", "/dev/null", "--hal", "sim", "--broker", "tcp://127.0.0.1:" + port, "--site", "s1", "--node", "n1",
                "--window", "1m", "--sim-speed", "600", "--data-dir", data.toString()};
            try (AgentProcess agent = AgentProcess.start(log, args)) {
                Delivered.waitFor("windows stored while the broker is away", 60, () -> AgentRun.storedSeqs(db).size() >= 15);
                Path filler = data.resolve("filler");
                StorageFaultTest.fill(filler);
                AgentRun.awaitLog(log, "holding it in memory", 1, 30);
                long stored = AgentRun.storedSeqs(db).size();
                try (MosquittoBroker broker = MosquittoBroker.startOnPort(dir.resolve("broker"), port);
                        Subscriber platform = new Subscriber(broker.uri(), "footfall/v1/s1/n1/counts")) {
                    platform.await(r -> true, (int) stored, 60, TimeUnit.SECONDS);
                    AgentRun.awaitLog(log, "cannot delete", 1, 30);
                    Thread.sleep(3_000); // still full: a re-publish loop would show here
                    int whileFull = platform.received().size();
                    assertTrue(whileFull <= stored + 2, whileFull + " publishes while full, " + stored + " windows stored");
                    Files.delete(filler);
                    AgentRun.awaitLog(log, "can be written again", 1, 60);
                    long now = AgentRun.lastSeq(db);
                    platform.await(r -> true, (int) now + 5, 60, TimeUnit.SECONDS);
                    AgentRun.stopped(agent.stop());
                    long last = AgentRun.lastSeq(db);
                    TreeSet<Long> left = AgentRun.storedSeqs(db);
                    AgentRun.everyWindowOnce(platform, last, left);
                    System.out.printf("full disk: %d stored before, %d publishes while full, %d windows in all, %d publishes, %d left stored%n",
                            stored, whileFull, last, platform.received().size(), left.size());
                    assertTrue(platform.received().size() <= last + 5, platform.received().size() + " publishes for " + last + " windows");
                    assertEquals(0, AgentRun.count(AgentRun.log(log), "footfall-spill"), "nothing had to go to the log");
                }
            }
        } finally {
            StorageFaultTest.run("umount", "-l", data.toString());
        }
    }
}
