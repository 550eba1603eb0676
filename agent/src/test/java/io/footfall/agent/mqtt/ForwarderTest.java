package io.footfall.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.outbox.OutboxMessage;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.agent.testing.Subscriber;
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
                SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), "node-017");
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
        try (SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), "node-017")) {
            Windows.appendNext(outbox, TOPICS);
            try (Forwarder f = new Forwarder(settings("mqtt://127.0.0.1:" + port), TOPICS, outbox, FAST)) {
                f.start();
                // the forwarder has tried and failed: a second attempt means the first one's refusal was handled
                waitFor(() -> f.status().connectAttempts() >= 2 && f.status().lastError().isPresent());
                assertTrue(!f.connected());
                assertEquals(0, f.status().connects(), f.status().toString());
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

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void a_publish_the_broker_refuses_is_set_aside_and_the_next_window_goes_out_on_the_same_connection() throws Exception {
        Path acl = dir.resolve("acl");
        String readAll = "topic read footfall/#\nuser node-017\n";
        java.nio.file.Files.writeString(acl, readAll + "topic write footfall/v1/kortrijk-centrum/node-017/status\n");
        int port = MosquittoBroker.freePort();
        MosquittoBroker broker = MosquittoBroker.startOnPort(dir.resolve("broker"), port, List.of("acl_file " + acl));
        try (SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), "node-017");
                Subscriber platform = new Subscriber(broker.uri(), TOPICS.counts());
                Forwarder f = new Forwarder(withBroker(asNode17(), broker.uri()), TOPICS, outbox, FAST)) {
            for (int i = 0; i < 4; i++) {
                Windows.appendNext(outbox, TOPICS);
            }
            List<String> refusedIds = outbox.oldest(10).stream().map(OutboxMessage::id).toList();
            f.start();
            // Mosquitto 2 answers a PUBLISH its ACL denies with PUBACK 0x87 (MQTT v5) and keeps the connection
            waitFor(() -> f.status().refused() == 4);
            assertTrue(f.status().lastRefusal().orElse("").contains(refusedIds.get(3) + " on " + TOPICS.counts() + ": 0x87 not authorized"),
                    f.status().toString());
            assertEquals(4, outbox.depth(), "refused windows stay in the outbox");

            java.nio.file.Files.writeString(acl, readAll + "topic write footfall/v1/kortrijk-centrum/node-017/#\n");
            broker.reload(); // returns once the broker has logged the reload
            List<String> newer = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                newer.add(Windows.appendNext(outbox, TOPICS).id());
                f.wake();
            }
            waitFor(() -> f.status().delivered() == 4);
            List<Subscriber.Received> got = platform.await(r -> true, 4, 10, TimeUnit.SECONDS);
            assertEquals(newer, got.stream().map(r -> idOf(r.payload())).toList(), "the newer windows went out, not stuck behind the refused ones");
            Forwarder.Status s = f.status();
            assertEquals(1, s.connects(), "a refusal is an answer, not a reason to reconnect: " + s);
            assertEquals(4, s.refused(), "set-aside windows are not published again on the same connection: " + s);
            assertEquals(4, outbox.depth());

            broker.stop();
            broker = MosquittoBroker.startOnPort(dir.resolve("broker"), port, List.of("acl_file " + acl));
            waitFor(() -> outbox.depth() == 0);
            assertEquals(4, f.status().refused(), "after the next connect the set-aside windows went out");
            assertTrue(f.status().connects() >= 2);
        } finally {
            broker.close();
        }
    }

    static MqttSettings asNode17() {
        return new MqttSettings("tcp://127.0.0.1:1", "node-017", java.util.Optional.of("node-017"), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), Duration.ofMillis(50), Duration.ofMillis(400));
    }

    static MqttSettings withBroker(MqttSettings s, String uri) {
        return new MqttSettings(uri, s.clientId(), s.username(), s.passwordFile(), s.caFile(), s.certFile(), s.keyFile(), s.backoffMin(),
                s.backoffMax());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void windows_stored_under_a_former_node_name_go_out_on_this_nodes_topic_relabelled_with_its_name_stream_and_seq_unchanged() throws Exception {
        Path acl = dir.resolve("acl");
        // anonymous clients (the platform) read everything; each node may write only under its own name
        java.nio.file.Files.writeString(acl, "topic read footfall/#\nuser node-016\ntopic write footfall/v1/kortrijk-centrum/node-016/#\n"
                + "user node-017\ntopic write footfall/v1/kortrijk-centrum/node-017/#\n");
        Topics former = new Topics("kortrijk-centrum", "node-016");
        List<String> formerIds;
        try (SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), "node-016")) {
            for (int i = 0; i < 3; i++) {
                Windows.appendNext(outbox, former);
            }
            formerIds = outbox.oldest(10).stream().map(OutboxMessage::id).toList();
        }
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), List.of("acl_file " + acl));
                Subscriber platform = new Subscriber(broker.uri(), "footfall/v1/kortrijk-centrum/+/counts");
                SqliteOutbox renamed = StandardOutbox.open(dir.resolve("outbox.db"), "node-017");
                Forwarder f = new Forwarder(withBroker(asNode17(), broker.uri()), TOPICS, renamed, FAST)) {
            Windows.appendNext(renamed, TOPICS);
            f.start();
            List<Subscriber.Received> got = platform.await(r -> true, 4, 20, TimeUnit.SECONDS);
            assertEquals(4, got.size(), got.toString());
            assertTrue(got.stream().allMatch(r -> r.topic().equals(TOPICS.counts())), "only under its own topic: " + got);
            // a platform binds a payload's node to its topic: the former windows go out as node-017's,
            // same stream and seq, so the stream carries on without a gap
            assertEquals(formerIds.stream().map(id -> id.replace("node-016/", "node-017/")).toList(),
                    got.subList(0, 3).stream().map(r -> idOf(r.payload())).toList(), "former windows re-labelled");
            for (Subscriber.Received r : got) {
                io.footfall.agent.receive.CountsParser.parse(r.topic(), r.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8), Kinds.STANDARD.sections());
            }
            assertEquals("node-017/" + renamed.streamId() + "/4", idOf(got.get(3).payload()), "seq goes on under the new name");
            waitFor(() -> renamed.depth() == 0);
            assertEquals(0, f.status().refused());
            assertEquals(1, f.status().connects());
        }
    }

    static String idOf(String json) {
        try {
            return (String) com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(json).get("id");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
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
