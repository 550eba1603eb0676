package io.footfall.agent.testing;

import io.footfall.agent.mqtt.Forwarder;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.outbox.SqliteOutbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A stand-in agent for the SIGKILL test, run as a child JVM: closes a window every
 * {@code intervalMs} into the outbox in {@code dataDir} and forwards it, until the outbox's last seq
 * reaches {@code total}; then waits for the outbox to drain and exits 0.
 *
 * <p>Usage: {@code OutboxWriterMain dataDir brokerUri total intervalMs}
 */
public final class OutboxWriterMain {
    public static final Topics TOPICS = new Topics("antwerpen", "node-kill");

    private OutboxWriterMain() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        String broker = args[1];
        int total = Integer.parseInt(args[2]);
        long interval = Long.parseLong(args[3]);
        MqttSettings settings = new MqttSettings(broker, "node-kill", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Duration.ofMillis(50), Duration.ofMillis(300));
        Forwarder.Timing timing = new Forwarder.Timing(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), 10, Duration.ofMillis(200));
        try (SqliteOutbox outbox = StandardOutbox.open(dataDir.resolve("outbox.db"), TOPICS.node());
                Forwarder forwarder = new Forwarder(settings, TOPICS, outbox, timing)) {
            forwarder.start();
            while (outbox.lastSeq() < total) {
                Windows.appendNext(outbox, TOPICS);
                forwarder.wake();
                Thread.sleep(interval); // the pace of the writer, not a wait for a condition
            }
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (outbox.depth() > 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            System.exit(outbox.depth() == 0 ? 0 : 2);
        }
    }
}
