package io.footfall.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.agent.outbox.OutboxMessage;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.agent.testing.TcpProxy;
import io.footfall.agent.testing.Windows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paho 1.2.5 uses MQTT v5 topic aliases by itself when the broker grants some (Mosquitto: 10 by
 * default): the first PUBLISH on a topic carries the topic and an alias, the next ones the alias
 * only. Checked on the wire through a byte-counting proxy, and across a reconnect, where the
 * aliases of the old connection must not be reused (the broker would close the connection on an
 * unknown alias and the window would never be acknowledged).
 */
class TopicAliasWireTest {
    @TempDir
    Path dir;

    /** Upstream bytes of the PUBLISH of the next window beyond its payload, measured through the proxy. */
    private static long overheadOfNext(TcpProxy proxy, SqliteOutbox outbox, Forwarder f) {
        ForwarderTest.waitFor(() -> outbox.depth() == 0);
        long before = proxy.upstreamBytes();
        OutboxMessage m = Windows.appendNext(outbox, ForwarderTest.TOPICS);
        f.wake();
        ForwarderTest.waitFor(() -> outbox.depth() == 0);
        return proxy.upstreamBytes() - before - m.payload().length;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void the_counts_topic_goes_on_the_wire_once_per_connection_and_an_alias_after_that() {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        int topic = ForwarderTest.TOPICS.counts().getBytes(StandardCharsets.UTF_8).length;
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                TcpProxy proxy = new TcpProxy(broker.port());
                SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), "node-017");
                Receiver receiver = new Receiver(ForwarderTest.settings(broker.uri()).withClientId("platform"), "+", Duration.ofHours(1),
                        (w, d) -> {})) {
            receiver.startAndAwaitConnected(Duration.ofSeconds(10));
            try (Forwarder f = new Forwarder(ForwarderTest.settings("tcp://127.0.0.1:" + proxy.port()), ForwarderTest.TOPICS, outbox,
                    ForwarderTest.FAST)) {
                f.start();
                ForwarderTest.waitFor(f::connected);
                long first = overheadOfNext(proxy, outbox, f);
                long second = overheadOfNext(proxy, outbox, f);
                long third = overheadOfNext(proxy, outbox, f);
                assertTrue(first >= topic, "the first PUBLISH names the topic (" + topic + " B): " + first + " B beyond the payload");
                assertTrue(second < 16 && third < 16, "then only the alias: " + second + " and " + third + " B beyond the payload");

                proxy.sever();
                ForwarderTest.waitFor(() -> proxy.connections() >= 2 && f.connected());
                long afterReconnect = overheadOfNext(proxy, outbox, f);
                long next = overheadOfNext(proxy, outbox, f);
                assertTrue(afterReconnect >= topic, "a new connection names the topic again: " + afterReconnect + " B");
                assertTrue(next < 16, "and then uses its alias: " + next + " B");
            }
            assertTrue(receiver.awaitReceived(5, Duration.ofSeconds(20)), "received " + receiver.received().size());
            assertEquals(5, receiver.received().size());
        }
    }
}
