package io.footfall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Windows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReceiveCommandTest {
    static final Topics TOPICS = new Topics("gouda", "node-9");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static CompletableFuture<Run> receive(String... args) {
        return CompletableFuture.supplyAsync(() -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new ReceiveCommand());
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int exit = cl.execute(args);
            return new Run(exit, out.toString(), err.toString());
        });
    }

    static void publish(MosquittoBroker broker, long seq) throws Exception {
        String id = "node-9/abc123/" + seq;
        long start = Windows.DAY0 + (seq - 1) * Windows.FIVE_MINUTES;
        byte[] json = Windows.json(TOPICS, seq, id, start, start + Windows.FIVE_MINUTES);
        Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()), "-q", "1",
                "-t", TOPICS.counts(), "-s").redirectErrorStream(true).start();
        p.getOutputStream().write(json);
        p.getOutputStream().close();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, new String(p.getInputStream().readAllBytes()));
    }

    /** Waits until the broker logs the receiver's subscription; fails at once if the receiver has already exited. */
    static void awaitSubscribed(CompletableFuture<Run> run, MosquittoBroker broker, String clientId) {
        assertTrue(!run.isDone(), () -> "the receiver exited before it subscribed: " + run.join());
        broker.awaitSubscription(clientId, "footfall/v1/" + TOPICS.site() + "/+/counts", Duration.ofSeconds(20));
    }

    @Test
    void prints_each_window_once_reports_duplicates_and_the_missing_seq_range_and_appends_csv() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            Path csv = dir.resolve("out.csv");
            CompletableFuture<Run> run = receive("--broker", broker.uri(), "--site", "gouda", "--csv", csv.toString(),
                    "--count", "4", "--for", "30s", "--client-id", "test-receive-1");
            awaitSubscribed(run, broker, "test-receive-1");
            for (long seq : new long[] {1, 2, 2, 5, 6}) {
                publish(broker, seq);
            }
            Run r = run.get(40, TimeUnit.SECONDS);
            assertEquals(3, r.exit(), r.err());
            List<String> lines = r.out().lines().toList();
            assertEquals(6, lines.size(), r.out());
            assertTrue(lines.get(0).startsWith("gouda node-9 seq 1 2026-11-22T00:00:00Z..2026-11-22T00:05:00Z in "), lines.get(0));
            assertTrue(lines.get(0).contains(" wifi "), lines.get(0));
            assertEquals("DUP node-9/abc123/2 (dropped)", lines.get(2));
            assertEquals("GAP node-9/abc123 seq 3-4 missing", lines.get(3));
            assertTrue(r.err().contains("4 windows, 1 duplicates dropped, 1 gaps: [node-9/abc123 seq 3-4]"), r.err());
            List<String> rows = Files.readAllLines(csv);
            assertEquals(ReceiveCommand.CSV_HEADER, rows.get(0));
            assertEquals(5, rows.size());
            assertTrue(rows.get(4).startsWith("gouda,node-9,abc123,6,6,node-9/abc123/6,2026-11-22T00:25:00Z,2026-11-22T00:30:00Z,true,"), rows.get(4));
        }
    }

    @Test
    void a_persistent_session_delivers_what_was_published_while_the_receiver_was_away_as_json() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            Run first = receive("--broker", broker.uri(), "--client-id", "platform-7", "--count", "1", "--for", "2s").get(30, TimeUnit.SECONDS);
            publish(broker, 1);
            publish(broker, 2);
            broker.stop();
            broker.start();
            publish(broker, 3);
            Run second = receive("--broker", broker.uri(), "--client-id", "platform-7", "--json", "--count", "3", "--for", "20s")
                    .get(30, TimeUnit.SECONDS);
            assertEquals(0, second.exit(), second.err() + first.err());
            List<String> lines = second.out().lines().toList();
            assertEquals(3, lines.size(), second.out());
            assertTrue(lines.get(0).startsWith("{\"schema\":\"footfall.counts/1\",\"site\":\"gouda\",\"node\":\"node-9\",\"id\":\"node-9/abc123/1\",\"seq\":1,"), lines.get(0));
            assertTrue(lines.get(2).contains("\"seq\":3"), lines.get(2));
        }
    }
}
