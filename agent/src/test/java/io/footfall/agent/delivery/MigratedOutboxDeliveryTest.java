package io.footfall.agent.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.mqtt.Forwarder;
import io.footfall.agent.outbox.OutboxMessage;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.testing.Delivered;
import io.footfall.agent.testing.LegacyOutbox;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.agent.testing.Windows;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade with windows still waiting: an outbox written before the seq range had its own column,
 * one message in it already coarsened, is migrated at start and delivered to a real broker, every
 * window exactly once, under the ids, seqs and ranges it had.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MigratedOutboxDeliveryTest {
    @TempDir
    Path dir;

    @Test
    void an_old_outbox_with_a_coarsened_message_is_migrated_and_every_window_in_it_is_delivered_once_under_its_id() throws Exception {
        Path file = dir.resolve("outbox.db");
        List<OutboxMessage> waiting = LegacyOutbox.write(file, FaultInjectionTest.TOPICS, "c41e9a", 40, 25, 30);
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Receiver receiver = FaultInjectionTest.platform(broker);
                SqliteOutbox outbox = StandardOutbox.open(file, "node-042");
                Forwarder forwarder = new Forwarder(FaultInjectionTest.node(broker.uri()), FaultInjectionTest.TOPICS, outbox,
                        FaultInjectionTest.FAST)) {
            forwarder.start();
            for (int i = 0; i < 10; i++) {
                Windows.appendNext(outbox, FaultInjectionTest.TOPICS);
            }
            Delivered.waitFor("outbox drained", 40, () -> outbox.depth() == 0);
            Delivered.waitFor("every window received", 30, () -> Delivered.covered(receiver) >= 50);
            Delivered.everyWindowExactlyOnce(receiver, "node-042", "c41e9a", 50);
            ReceivedWindow merged = receiver.received().stream().filter(w -> w.seq() == 25).findFirst().orElseThrow();
            assertEquals("node-042/c41e9a/25-30", merged.id());
            assertEquals(30, merged.seqLast());
            assertTrue(receiver.received().stream().map(ReceivedWindow::id).toList().containsAll(waiting.stream().map(OutboxMessage::id).toList()),
                    "the waiting messages arrive under the ids they were stored with");
        }
    }
}
