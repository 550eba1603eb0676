package io.footfall.agent.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.outbox.OutboxFile;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.testing.Delivered;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.OutboxWriterMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent (a child JVM appending and forwarding windows) is SIGKILLed at random moments and
 * restarted, 22 times, then left to finish. The receiver must hold every window exactly once with
 * seq running on across all restarts in one stream.
 */
class SigkillTest {
    static final int KILLS = 22;
    static final int TOTAL = 1_500;

    @TempDir
    Path dir;

    /** A child closing a window every {@code intervalMs} until seq {@value #TOTAL}. */
    Process child(MosquittoBroker broker, Path data, int run, int intervalMs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                OutboxWriterMain.class.getName(), data.toString(), broker.uri(), Integer.toString(TOTAL), Integer.toString(intervalMs))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child-" + run + ".log").toFile())
                .start();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void the_agent_killed_with_sigkill_22_times_loses_no_window_and_seq_runs_on() throws Exception {
        Path data = dir.resolve("data");
        Random random = new Random();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Receiver receiver = new Receiver(MqttSettings.of(broker.uri(), "platform"), "antwerpen", Duration.ofHours(1), (w, d) -> {})) {
            receiver.startAndAwaitConnected(Duration.ofSeconds(10));
            int kills = 0;
            List<Long> killedAtSeq = new ArrayList<>();
            for (int run = 0; kills < KILLS && run < KILLS * 2; run++) {
                Process p = child(broker, data, run, 20);
                Thread.sleep(500 + random.nextInt(1_200)); // the kill falls at a random moment: this delay is the randomness
                if (p.isAlive()) {
                    p.destroyForcibly();   // SIGKILL on Linux
                    p.waitFor(10, TimeUnit.SECONDS);
                    assertEquals(137, p.exitValue(), "killed by SIGKILL");
                    kills++;
                    if (java.nio.file.Files.exists(data.resolve(OutboxFile.NAME))) {
                        killedAtSeq.add(OutboxFile.summary(data.resolve(OutboxFile.NAME)).lastSeq());
                    }
                }
            }
            assertTrue(kills >= 20, "killed " + kills + " times");
            assertTrue(killedAtSeq.size() > 10 && killedAtSeq.get(killedAtSeq.size() - 1) > killedAtSeq.get(0),
                    "windows were being written between kills: " + killedAtSeq);
            Process last = child(broker, data, 99, 0);
            assertTrue(last.waitFor(90, TimeUnit.SECONDS), "last run finished");
            assertEquals(0, last.exitValue(), "last run drained its outbox");
            assertTrue(receiver.awaitReceived(TOTAL, Duration.ofSeconds(30)), "received " + receiver.received().size());
            OutboxFile.Summary s = OutboxFile.summary(data.resolve(OutboxFile.NAME));
            assertEquals(TOTAL, s.lastSeq());
            assertEquals(0, s.depth());
            Delivered.everyWindowExactlyOnce(receiver, "node-kill", s.streamId(), TOTAL);
            System.out.println("SIGKILL test: " + kills + " kills at seq " + killedAtSeq + "; " + receiver.duplicates() + " duplicates dropped");
        }
    }
}
