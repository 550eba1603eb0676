package io.footfall.agent.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.agent.mqtt.Forwarder;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.testing.Delivered;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Pacer;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.agent.testing.Subscriber;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox on a real 2 MB tmpfs that fills up while the node counts and delivers, then gets its
 * space back. Nothing may be lost, nothing published over and over while the store cannot be
 * written, and the failure must be reported with SQLite's own words.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class StorageFaultTest {
    @TempDir
    Path dir;

    @Test
    void a_full_disk_then_space_returned_loses_no_window_and_publishes_each_window_a_bounded_number_of_times() throws Exception {
        Path disk = dir.resolve("disk");
        Files.createDirectories(disk);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString()) == 0, "needs root to mount a tmpfs");
        try {
            int n = 250;
            try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                    Receiver receiver = FaultInjectionTest.platform(broker);
                    SqliteOutbox outbox = StandardOutbox.open(disk.resolve("outbox.db"), "node-042");
                    Forwarder forwarder = new Forwarder(FaultInjectionTest.node(broker.uri()), FaultInjectionTest.TOPICS, outbox,
                            FaultInjectionTest.FAST)) {
                forwarder.start();
                Path filler = disk.resolve("filler");
                Subscriber wire;
                long deliveredBefore;
                try (Pacer pacer = new Pacer(outbox, FaultInjectionTest.TOPICS, forwarder, n, Duration.ofMillis(20))) {
                    Delivered.waitFor("some windows delivered", 20, () -> forwarder.status().delivered() >= 10);
                    broker.stop();
                    Delivered.waitFor("windows stored during the outage", 20, () -> outbox.depth() >= 30);
                    fill(filler);
                    Delivered.waitFor("storage full, windows held in memory", 20, () -> outbox.status().pending() >= 10);
                    assertFalse(outbox.status().storageOk());
                    deliveredBefore = forwarder.status().delivered();
                    broker.start();
                    wire = new Subscriber(broker.uri(), FaultInjectionTest.TOPICS.counts());
                    // the stored windows go out, and their delete fails: the disk is still full. (The
                    // outbox may meanwhile merge stored windows it has not sent to make room, so the
                    // number stored is read as it is now, not before.)
                    Delivered.waitFor("acknowledged windows the outbox cannot delete", 20,
                            () -> forwarder.status().undeleted() > 0 && forwarder.status().undeleted() == outbox.depth() - outbox.status().pending());
                    long stored = forwarder.status().undeleted();
                    Thread.sleep(2_000); // the full disk for a while longer: a re-publish storm would show here
                    int whileFull = wire.received().size();
                    assertTrue(whileFull <= stored + 10, whileFull + " publishes while " + stored + " acknowledged windows could not be deleted");
                    assertTrue(forwarder.status().lastError().orElse("").contains("SQLITE_FULL"), "the cause is reported: " + forwarder.status());
                    Files.delete(filler);
                    Delivered.waitFor("held windows stored once space returned", 30, () -> outbox.status().pending() == 0);
                    pacer.await(Duration.ofSeconds(60));
                }
                Delivered.waitFor("outbox drained", 40, () -> outbox.depth() == 0 && forwarder.status().undeleted() == 0);
                Delivered.waitFor("every window received", 30, () -> Delivered.covered(receiver) >= n);
                Delivered.everyWindowExactlyOnce(receiver, "node-042", outbox.streamId(), n);
                int publishes = wire.received().size();
                wire.close();
                System.out.printf("full disk then space returned: %d windows, %d delivered before the outage, %d publishes after it, forwarder %s, faults %s%n",
                        n, deliveredBefore, publishes, forwarder.status(), outbox.status().faults());
                assertTrue(publishes <= n - deliveredBefore + 20, publishes + " publishes for " + (n - deliveredBefore) + " windows");
                assertTrue(outbox.status().faults().stream().anyMatch(f -> f.contains("SQLITE_FULL")), outbox.status().faults().toString());
                assertTrue(outbox.status().storageOk());
            }
        } finally {
            run("umount", "-l", disk.toString());
        }
    }

    /** Writes until the file system says it is full. */
    static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
