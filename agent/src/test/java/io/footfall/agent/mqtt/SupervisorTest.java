package io.footfall.agent.mqtt;

import io.footfall.agent.testing.StandardOutbox;
import io.footfall.hal.Backoff;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.outbox.Outbox;
import io.footfall.agent.outbox.OutboxMessage;
import io.footfall.agent.outbox.OutboxStatus;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.testing.Delivered;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.TcpProxy;
import io.footfall.agent.testing.Windows;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SupervisorTest {
    static final Topics TOPICS = new Topics("roeselare", "node-5");
    static final Forwarder.Timing FAST = new Forwarder.Timing(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), 10, Duration.ofMillis(200));
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    static MqttSettings settings(String uri, Duration min, Duration max) {
        return new MqttSettings(uri, "node-5", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), min, max);
    }

    @Test
    void backoff_doubles_with_jitter_and_stays_within_its_bounds() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        SplittableRandom random = new SplittableRandom(1);
        for (int attempt = 0; attempt < 50; attempt++) {
            long ceiling = Math.min(5_000, 100L << Math.min(attempt, 20));
            for (int i = 0; i < 20; i++) {
                long ms = b.delay(attempt, random).toMillis();
                assertTrue(ms >= Math.max(100, ceiling / 2) && ms <= ceiling, "attempt " + attempt + ": " + ms + " ms");
            }
        }
        long distinct = java.util.stream.IntStream.range(0, 20).mapToLong(i -> b.delay(6, random).toNanos()).distinct().count();
        assertTrue(distinct > 10, "jittered");
    }

    @Test
    void thread_count_stays_steady_across_100_failed_connects_to_a_port_with_nothing_listening() throws Exception {
        int port = MosquittoBroker.freePort();
        try (SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), "node-5");
                Forwarder f = new Forwarder(settings("tcp://127.0.0.1:" + port, Duration.ofMillis(1), Duration.ofMillis(5)), TOPICS, outbox, FAST)) {
            Windows.appendNext(outbox, TOPICS);
            f.start();
            Delivered.waitFor("10 attempts", 30, () -> f.status().connectAttempts() >= 10);
            int before = THREADS.getThreadCount();
            Delivered.waitFor("110 attempts", 60, () -> f.status().connectAttempts() >= 110);
            int after = THREADS.getThreadCount();
            assertTrue(after <= before + 2, "threads " + before + " -> " + after);
            assertTrue(!f.connected());
        }
    }

    @Test
    void thread_count_stays_steady_across_100_reconnects_after_cut_connections() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                TcpProxy proxy = new TcpProxy(broker.port());
                SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), "node-5");
                Forwarder f = new Forwarder(settings(proxy.uri(), Duration.ofMillis(1), Duration.ofMillis(20)), TOPICS, outbox, FAST)) {
            f.start();
            int before = 0;
            for (int i = 0; i < 110; i++) {
                Delivered.waitFor("reconnected", 20, f::connected);
                if (i == 10) {
                    // a thread of the severed connection may still be on its way out: that only loosens the bound by one
                    before = THREADS.getThreadCount();
                }
                proxy.sever();
                Delivered.waitFor("loss noticed", 20, () -> !f.connected());
            }
            Delivered.waitFor("reconnected", 20, f::connected);
            assertTrue(f.status().connects() >= 100, f.status().toString());
            int bound = before + 3;
            // the threads of the last severed connection wind down: a leak (one or more per reconnect) never gets there
            Delivered.waitFor("threads settle at most 3 above the " + before + " after 10 reconnects (now "
                    + THREADS.getThreadCount() + ")", 10, () -> THREADS.getThreadCount() <= bound);
        }
    }

    @Test
    void an_exception_inside_the_delivery_loop_never_stops_it() throws Exception {
        AtomicInteger failures = new AtomicInteger(3);
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Receiver receiver = new Receiver(MqttSettings.of(broker.uri(), "platform"), "roeselare", Duration.ofHours(1), (w, d) -> {
                    throw new IllegalStateException("a listener that throws");
                });
                SqliteOutbox real = StandardOutbox.open(dir.resolve("outbox.db"), "node-5")) {
            receiver.startAndAwaitConnected(Duration.ofSeconds(10));
            Outbox flaky = new Outbox() {
                public String streamId() { return real.streamId(); }
                public long lastSeq() { return real.lastSeq(); }
                public long lastWindowEndMillis() { return real.lastWindowEndMillis(); }
                public OutboxMessage append(long s, long e, MessageFactory f) { return real.append(s, e, f); }
                public List<OutboxMessage> oldest(int max) {
                    if (failures.getAndDecrement() > 0) {
                        throw new IllegalStateException("injected failure reading the outbox");
                    }
                    return real.oldest(max);
                }
                public void deleteAcknowledged(java.util.SortedMap<Long, String> acknowledged) { real.deleteAcknowledged(acknowledged); }
                public long depth() { return real.depth(); }
                public OutboxStatus status() { return real.status(); }
                public void close() {}
            };
            for (int i = 0; i < 5; i++) {
                Windows.appendNext(real, TOPICS);
            }
            try (Forwarder f = new Forwarder(settings(broker.uri(), Duration.ofMillis(10), Duration.ofMillis(50)), TOPICS, flaky, FAST)) {
                f.start();
                Delivered.waitFor("drained despite the failures", 30, () -> real.depth() == 0);
                assertTrue(f.status().lastError().orElse("").contains("injected failure"));
            }
            assertTrue(receiver.awaitReceived(5, Duration.ofSeconds(10)), "the receiver's throwing listener did not stop it either");
            Delivered.everyWindowExactlyOnce(receiver, "node-5", real.streamId(), 5);
        }
    }
}
