package io.footfall.agent.delivery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.mqtt.Forwarder;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.testing.Delivered;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Pacer;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.agent.testing.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery against a real Mosquitto while the broker restarts, freezes, the connection is cut
 * mid-publish and the outbox's storage fills up. Windows close every 40 ms (a 5-minute window
 * clock, accelerated); each test ends with the platform-side receiver (persistent session) holding
 * every closed window exactly once after de-duplication and no gap.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FaultInjectionTest {
    static final Topics TOPICS = new Topics("leuven", "node-042");
    static final Forwarder.Timing FAST = new Forwarder.Timing(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), 10, Duration.ofMillis(300));

    @TempDir
    Path dir;

    static MqttSettings node(String uri) {
        return new MqttSettings(uri, "node-042", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofMillis(50), Duration.ofMillis(500));
    }

    static Receiver platform(MosquittoBroker broker) {
        Receiver r = new Receiver(MqttSettings.of(broker.uri(), "platform"), "leuven", Duration.ofHours(1), (w, d) -> {});
        r.startAndAwaitConnected(Duration.ofSeconds(10));
        return r;
    }

    @Test
    void broker_stopped_and_restarted_three_times_during_a_run_loses_no_window() throws Exception {
        int n = 150;
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Receiver receiver = platform(broker);
                SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), "node-042");
                Forwarder forwarder = new Forwarder(node(broker.uri()), TOPICS, outbox, FAST)) {
            forwarder.start();
            try (Pacer pacer = new Pacer(outbox, TOPICS, forwarder, n, Duration.ofMillis(40))) {
                for (int i = 0; i < 3; i++) {
                    // the fault schedule (how long the broker is up, then down), not a wait for a condition
                    Thread.sleep(1_200);
                    broker.stop();
                    Thread.sleep(500);
                    broker.start();
                }
                pacer.await(Duration.ofSeconds(30));
            }
            Delivered.waitFor("outbox drained", 40, () -> outbox.depth() == 0);
            assertTrue(receiver.awaitReceived(n, Duration.ofSeconds(30)), "received " + receiver.received().size());
            Delivered.everyWindowExactlyOnce(receiver, "node-042", outbox.streamId(), n);
            assertTrue(forwarder.status().connects() >= 2, "reconnected during the run: " + forwarder.status());
        }
    }

    @Test
    void broker_frozen_twice_with_sigstop_loses_no_window() throws Exception {
        int n = 150;
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Receiver receiver = platform(broker);
                SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), "node-042");
                Forwarder forwarder = new Forwarder(node(broker.uri()), TOPICS, outbox, FAST)) {
            forwarder.start();
            try (Pacer pacer = new Pacer(outbox, TOPICS, forwarder, n, Duration.ofMillis(40))) {
                for (int i = 0; i < 2; i++) {
                    // the fault schedule: the broker runs for a second, then stays frozen for three
                    Thread.sleep(1_000);
                    broker.freeze();
                    Thread.sleep(3_000);
                    broker.thaw();
                }
                pacer.await(Duration.ofSeconds(30));
            }
            Delivered.waitFor("outbox drained", 40, () -> outbox.depth() == 0);
            assertTrue(receiver.awaitReceived(n, Duration.ofSeconds(30)), "received " + receiver.received().size());
            Delivered.everyWindowExactlyOnce(receiver, "node-042", outbox.streamId(), n);
        }
    }

    @Test
    void connections_cut_mid_publish_through_a_proxy_lose_no_window() throws Exception {
        int n = 200;
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                TcpProxy proxy = new TcpProxy(broker.port());
                Receiver receiver = platform(broker);
                SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), "node-042");
                Forwarder forwarder = new Forwarder(node(proxy.uri()), TOPICS, outbox, FAST)) {
            forwarder.start();
            try (Pacer pacer = new Pacer(outbox, TOPICS, forwarder, n, Duration.ofMillis(20))) {
                java.util.Random random = new java.util.Random(42);
                for (int i = 0; i < 10; i++) {
                    Delivered.waitFor("forwarder reconnected", 20, forwarder::connected);
                    Thread.sleep(random.nextInt(60)); // the cut falls at a random moment: this delay is the randomness
                    proxy.sever();
                }
                proxy.refuse(true);
                Thread.sleep(800); // the scenario: connections are refused for this long
                proxy.refuse(false);
                pacer.await(Duration.ofSeconds(30));
            }
            Delivered.waitFor("outbox drained", 40, () -> outbox.depth() == 0);
            assertTrue(receiver.awaitReceived(n, Duration.ofSeconds(30)), "received " + receiver.received().size());
            Delivered.everyWindowExactlyOnce(receiver, "node-042", outbox.streamId(), n);
            assertTrue(proxy.connections() >= 6 && forwarder.status().connects() >= 6, "reconnected after the cuts: " + forwarder.status() + ", " + proxy.connections() + " connections");
        }
    }

    @Test
    void the_outbox_disk_filling_up_during_an_outage_loses_no_window() throws Exception {
        int n = 120;
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Receiver receiver = platform(broker);
                SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), "node-042");
                Forwarder forwarder = new Forwarder(node(broker.uri()), TOPICS, outbox, FAST)) {
            forwarder.start();
            try (Pacer pacer = new Pacer(outbox, TOPICS, forwarder, n, Duration.ofMillis(30))) {
                Thread.sleep(600); // the scenario: some windows go out before the outage
                broker.stop();
                outbox.maxPageCount(pages(dir.resolve("outbox.db")));
                Delivered.waitFor("storage full, windows held in memory", 20, () -> outbox.status().pending() > 3);
                assertTrue(!outbox.status().storageOk());
                broker.start();
                Delivered.waitFor("held windows stored once the forwarder freed space", 30, () -> outbox.status().pending() == 0);
                pacer.await(Duration.ofSeconds(30));
            }
            Delivered.waitFor("outbox drained", 40, () -> outbox.depth() == 0);
            assertTrue(receiver.awaitReceived(n, Duration.ofSeconds(30)), "received " + receiver.received().size());
            Delivered.everyWindowExactlyOnce(receiver, "node-042", outbox.streamId(), n);
            assertTrue(outbox.status().faults().stream().anyMatch(f -> f.contains("SQLITE_FULL")), outbox.status().faults().toString());
        }
    }

    static long pages(Path db) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
                var r = s.executeQuery("PRAGMA page_count")) {
            r.next();
            return r.getLong(1);
        }
    }
}
