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

    /** A receive command running in the background; {@link #awaitSubscribed()} waits for its "subscribed to" line. */
    record Running(CompletableFuture<Run> run, StringWriter err) {
        Running awaitSubscribed() throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!err.toString().contains("subscribed to ")) {
                if (System.nanoTime() > until || run.isDone()) {
                    throw new AssertionError("receive did not subscribe: " + err);
                }
                Thread.sleep(20);
            }
            return this;
        }

        Run get() throws Exception {
            return run.get(40, TimeUnit.SECONDS);
        }
    }

    static Running start(String... args) {
        StringWriter err = new StringWriter();
        return new Running(CompletableFuture.supplyAsync(() -> {
            StringWriter out = new StringWriter();
            CommandLine cl = new CommandLine(new ReceiveCommand());
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int exit = cl.execute(args);
            return new Run(exit, out.toString(), err.toString());
        }), err);
    }

    static CompletableFuture<Run> receive(String... args) {
        return start(args).run();
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

    @Test
    void prints_each_window_once_reports_duplicates_and_the_missing_seq_range_and_appends_csv() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            Path csv = dir.resolve("out.csv");
            Running run = start("--broker", broker.uri(), "--site", "gouda", "--csv", csv.toString(),
                    "--count", "4", "--for", "30s", "--client-id", "test-receive-1").awaitSubscribed();
            for (long seq : new long[] {1, 2, 2, 5, 6}) {
                publish(broker, seq);
            }
            Run r = run.get();
            assertEquals(3, r.exit(), r.err());
            List<String> lines = r.out().lines().toList();
            assertEquals(6, lines.size(), r.out());
            assertTrue(lines.get(0).startsWith("gouda node-9 seq 1 2026-11-22T00:00:00Z..2026-11-22T00:05:00Z in "), lines.get(0));
            assertTrue(lines.get(0).contains(" wifi "), lines.get(0));
            assertEquals("DUP node-9/abc123/2 (dropped)", lines.get(2));
            assertEquals("GAP gouda/node-9/abc123 seq 3-4 missing", lines.get(3));
            assertTrue(r.err().contains("4 windows, 1 duplicates dropped, 1 gaps: [gouda/node-9/abc123 seq 3-4]"), r.err());
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

    @Test
    void hostile_text_never_reaches_the_screen_raw_and_each_rejection_is_one_escaped_line() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            Running plain = start("--broker", broker.uri(), "--client-id", "plain", "--count", "1", "--for", "30s").awaitSubscribed();
            Running json = start("--broker", broker.uri(), "--client-id", "json", "--json", "--count", "1", "--for", "30s").awaitSubscribed();
            String hostile = new String(Windows.json(TOPICS, 1, "node-9/abc123/1", Windows.DAY0, Windows.DAY0 + Windows.FIVE_MINUTES),
                    java.nio.charset.StandardCharsets.UTF_8).replace("\"door-1\"", "\"\\u001b[2J\\u009b31m\\nGAP forged\"");
            io.footfall.agent.testing.Publish.text(broker, "footfall/v1/gouda/\u202ex/counts", "{\"evil\":\"\u001b]0;pwned\u0007\"}");
            io.footfall.agent.testing.Publish.text(broker, TOPICS.counts(), hostile);
            for (Run r : List.of(plain.get(), json.get())) {
                assertEquals(0, r.exit(), r.err());
                List<String> lines = r.out().lines().toList();
                assertEquals(2, lines.size(), r.out());
                assertTrue(r.out().chars().noneMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x202e), r.out());
                assertTrue(lines.get(0).contains("rejected") || lines.get(0).startsWith("BAD footfall/v1/gouda/\\u202ex/counts: malformed: "),
                        lines.get(0));
                assertTrue(r.err().contains("1 windows, 0 duplicates dropped, 1 rejected, no gaps"), r.err());
            }
            assertTrue(json.get().out().lines().toList().get(1).contains("\\u001B[2J\\u009B31m\\nGAP forged"), json.get().out());
        }
    }

    @Test
    void the_password_file_is_read_as_the_node_reads_it_the_line_end_dropped_and_spaces_kept() throws Exception {
        String secret = " s3cr3t pw " + System.nanoTime() + " ";
        Path passwd = dir.resolve("mosquitto.passwd");
        Process p = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwd.toString(), "platform", secret).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0);
        Path file = Files.writeString(dir.resolve("platform.pw"), secret + "\n");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), List.of("allow_anonymous false", "password_file " + passwd))) {
            Run r = start("--broker", broker.uri(), "--client-id", "platform-pw", "--mqtt-username", "platform", "--mqtt-password-file",
                    file.toString(), "--for", "1s").awaitSubscribed().get();
            assertEquals(0, r.exit(), r.err());
            assertTrue(!(r.out() + r.err()).contains(secret.strip()), "the password is never shown");
        }
    }

    @Test
    void a_missing_password_file_is_a_refused_setting_exit_78_naming_its_key() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Footfall.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("receive", "--broker", "tcp://127.0.0.1:1", "--mqtt-username", "platform", "--mqtt-password-file",
                dir.resolve("no-such.pw").toString());
        assertEquals(Footfall.EXIT_CONFIG, exit, out + "" + err);
        assertTrue(err.toString().contains("mqtt-password-file"), err.toString());
    }

    @Test
    void a_store_that_cannot_be_opened_is_worded_once_by_the_one_handler_and_exits_1() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Footfall.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("receive", "--broker", "tcp://127.0.0.1:1", "--site", "s1",
                "--store", dir.resolve("no-such-dir").resolve("counts.db").toString());
        assertEquals(1, exit, out + "" + err);
        String said = err.toString();
        assertEquals(1, said.split("footfall receive: ", -1).length - 1, said);
        assertTrue(said.contains("no-such-dir") && !said.contains("Exception"), said);
    }
}
