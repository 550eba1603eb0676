package io.footfall.agent.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.outbox.OutboxFile;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.testing.Delivered;
import io.footfall.agent.testing.LockingWriterMain;
import io.footfall.agent.testing.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault: a second writer on one data directory. Writers are child JVMs closing a window every 20 ms
 * behind the data directory's lock; a second one started beside the first must refuse (exit 75,
 * naming the first's pid) and write nothing; the first is then SIGKILLed and a third starts at once
 * and finishes. Verdict as in {@link FaultInjectionTest}: every window once after de-duplication,
 * no gap, no reused id. The packaged agent is tried the same way in {@code SecondWriterIT}.
 */
class SecondWriterTest {
    static final int TOTAL = 300;

    @TempDir
    Path dir;

    Process writer(MosquittoBroker broker, Path data, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                LockingWriterMain.class.getName(), data.toString(), broker.uri(), Integer.toString(TOTAL), "20")
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void a_second_writer_is_refused_and_every_window_arrives_once_with_no_gap_and_no_reused_id() throws Exception {
        Path data = dir.resolve("data");
        Path outbox = data.resolve(OutboxFile.NAME);
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Receiver receiver = new Receiver(MqttSettings.of(broker.uri(), "platform"), "antwerpen", Duration.ofHours(1), (w, d) -> {})) {
            receiver.startAndAwaitConnected(Duration.ofSeconds(10));
            Process first = writer(broker, data, "first");
            Delivered.waitFor("the first writer stores windows", 30, () -> Files.exists(outbox) && OutboxFile.summary(outbox).lastSeq() >= 20);

            Process second = writer(broker, data, "second");
            assertTrue(second.waitFor(30, TimeUnit.SECONDS), "the second writer gives up at once");
            String said = Files.readString(dir.resolve("second.log"));
            assertEquals(75, second.exitValue(), said);
            assertTrue(said.contains("in use by another footfall process (pid " + first.pid() + ")"), said);

            long before = OutboxFile.summary(outbox).lastSeq();
            Delivered.waitFor("the first writer goes on", 30, () -> OutboxFile.summary(outbox).lastSeq() >= before + 20);
            assertTrue(first.isAlive(), Files.readString(dir.resolve("first.log")));
            first.destroyForcibly();
            first.waitFor(10, TimeUnit.SECONDS);
            assertTrue(OutboxFile.summary(outbox).lastSeq() < TOTAL, "killed mid-run");

            Process third = writer(broker, data, "third");
            assertTrue(third.waitFor(90, TimeUnit.SECONDS), "the third writer finished");
            assertEquals(0, third.exitValue(), "started at once after the SIGKILL and drained: " + Files.readString(dir.resolve("third.log")));
            assertTrue(receiver.awaitReceived(TOTAL, Duration.ofSeconds(30)), "received " + receiver.received().size());
            OutboxFile.Summary s = OutboxFile.summary(outbox);
            assertEquals(TOTAL, s.lastSeq());
            Delivered.everyWindowExactlyOnce(receiver, "node-kill", s.streamId(), TOTAL);
        }
    }
}
