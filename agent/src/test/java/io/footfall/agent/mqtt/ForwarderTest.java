package io.footfall.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Windows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ForwarderTest {
    static final Topics TOPICS = new Topics("kortrijk-centrum", "node-017");
    static final Forwarder.Timing FAST = new Forwarder.Timing(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(3), 10, Duration.ofMillis(500));

    @TempDir
    Path dir;

    static MqttSettings settings(String uri) {
        return new MqttSettings(uri, "node-017", java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), Duration.ofMillis(50), Duration.ofMillis(400));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void drains_the_outbox_in_seq_order_and_deletes_only_what_the_broker_acknowledged() {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                SqliteOutbox outbox = new SqliteOutbox(dir.resolve("outbox.db"), "node-017");
                Receiver receiver = new Receiver(settings(broker.uri()).withClientId("platform"), "+", Duration.ofHours(1), (w, d) -> {})) {
            receiver.startAndAwaitConnected(Duration.ofSeconds(10));
            for (int i = 0; i < 25; i++) {
                Windows.appendNext(outbox, TOPICS);
            }
            try (Forwarder f = new Forwarder(settings(broker.uri()), TOPICS, outbox, FAST)) {
                f.start();
                assertTrue(receiver.awaitReceived(25, Duration.ofSeconds(20)), "received " + receiver.received().size());
                for (int i = 0; i < 5; i++) {
                    Windows.appendNext(outbox, TOPICS);
                    f.wake();
                }
                assertTrue(receiver.awaitReceived(30, Duration.ofSeconds(20)));
                waitFor(() -> outbox.depth() == 0);
                assertTrue(f.connected());
            }
            List<ReceivedWindow> got = receiver.received();
            assertEquals(30, got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(i + 1, got.get(i).seq());
                assertEquals("node-017/" + outbox.streamId() + "/" + (i + 1), got.get(i).id());
            }
            assertEquals(List.of(), receiver.gaps());
            assertEquals(0, receiver.duplicates());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void connects_from_boot_while_the_broker_is_down_and_publishes_retained_online_status() throws Exception {
        int port = MosquittoBroker.freePort();
        try (SqliteOutbox outbox = new SqliteOutbox(dir.resolve("outbox.db"), "node-017")) {
            Windows.appendNext(outbox, TOPICS);
            try (Forwarder f = new Forwarder(settings("mqtt://127.0.0.1:" + port), TOPICS, outbox, FAST)) {
                f.start();
                Thread.sleep(1_000);
                assertTrue(!f.connected());
                assertEquals(1, outbox.depth());
                try (MosquittoBroker broker = MosquittoBroker.startOnPort(dir.resolve("broker"), port)) {
                    waitFor(() -> outbox.depth() == 0);
                    assertEquals("{\"schema\":\"footfall.status/1\",\"state\":\"online\",\"site\":\"kortrijk-centrum\",\"node\":\"node-017\"}",
                            retained(broker, TOPICS.status()));
                    f.close();
                    assertTrue(retained(broker, TOPICS.status()).contains("\"state\":\"offline\""));
                }
            }
        }
    }

    static String retained(MosquittoBroker broker, String topic) throws Exception {
        Process p = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()), "-t", topic,
                "-C", "1", "-W", "5").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    static void waitFor(java.util.function.BooleanSupplier c) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 30 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
