package io.footfall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.kinds.StandardMessage;
import io.footfall.agent.privacy.DwellHistogram;
import io.footfall.agent.privacy.WifiCounts;
import io.footfall.agent.testing.MosquittoBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code footfall receive} against a real broker: coverage printed, windows watched too little flagged. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReceiveCoverageTest {
    private static final long T0 = 1_795_305_600_000L;
    private static final String TOPIC = "footfall/v1/gouda/node-9/counts";

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private static CompletableFuture<Run> receive(String... args) {
        return CompletableFuture.supplyAsync(() -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new ReceiveCommand());
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            return new Run(cl.execute(args), out.toString(), err.toString());
        });
    }

    private static byte[] window(long seq, long counting, long capturing) {
        long start = T0 + (seq - 1) * 300_000L;
        return CountsJson.toJson(StandardMessage.window("gouda", "node-9", "node-9/abc123/" + seq, seq,
                new CountsMessage.WindowInfo(start, start + 300_000L, true),
                BeamCounts.of(List.of(new BeamCounts.PassageCounts("door-1", 4, 3, false))),
                Optional.of(new WifiCounts(12, 4, 8, 9, DwellHistogram.EMPTY, false, 5, OptionalDouble.empty())),
                new Coverage(counting, 300, Optional.of(new Coverage.Wifi(capturing, capturing > 0 ? List.of(1, 6, 11) : List.of())))));
    }

    /** A window as a node from before coverage published it. */
    private static byte[] oldWindow(long seq) {
        return ("{\"schema\":\"footfall.counts/1\",\"site\":\"gouda\",\"node\":\"node-9\",\"id\":\"node-9/abc123/" + seq + "\",\"seq\":" + seq
                + ",\"window\":{\"start\":\"2026-11-22T00:10:00Z\",\"end\":\"2026-11-22T00:15:00Z\",\"clockSynced\":true},"
                + "\"beam\":{\"in\":1,\"out\":0,\"passages\":[]}}").getBytes(StandardCharsets.UTF_8);
    }

    private static void publish(MosquittoBroker broker, byte[] json) throws Exception {
        Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()), "-q", "1",
                "-t", TOPIC, "-s").redirectErrorStream(true).start();
        p.getOutputStream().write(json);
        p.getOutputStream().close();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, new String(p.getInputStream().readAllBytes()));
    }

    private void publishThree(MosquittoBroker broker) throws Exception {
        publish(broker, window(1, 300, 300));
        publish(broker, window(2, 150, 120)); // restarted half-way through
        publish(broker, oldWindow(3));
    }

    @Test
    void each_line_says_how_much_was_watched_and_flags_a_window_watched_for_less_than_the_threshold() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            Path csv = dir.resolve("out.csv");
            // a first, short run creates the persistent session, so nothing published afterwards is missed
            assertEquals(0, receive("--broker", broker.uri(), "--client-id", "cov-1", "--for", "1s").get(30, TimeUnit.SECONDS).exit());
            publishThree(broker);
            Run r = receive("--broker", broker.uri(), "--client-id", "cov-1", "--csv", csv.toString(), "--count", "3", "--for", "20s")
                    .get(40, TimeUnit.SECONDS);

            List<String> lines = r.out().lines().toList();
            assertEquals(3, lines.size(), r.out() + r.err());
            assertTrue(lines.get(0).endsWith(" coverage 300/300 s capturing 300 s on [1,6,11]"), lines.get(0));
            assertTrue(lines.get(1).endsWith(" coverage 150/300 s capturing 120 s on [1,6,11] LOW-COVERAGE"), lines.get(1));
            assertTrue(lines.get(2).endsWith(" coverage unknown"), lines.get(2));
            List<String> rows = Files.readAllLines(csv);
            assertTrue(rows.get(0).contains(",coverage_counting,coverage_of,wifi_capturing,"), rows.get(0));
            int at = List.of(rows.get(0).split(",")).indexOf("coverage_counting");
            assertEquals(List.of("150", "300", "120"), List.of(rows.get(2).split(",", -1)).subList(at, at + 3), rows.get(2));
            assertEquals(List.of("", "", ""), List.of(rows.get(3).split(",", -1)).subList(at, at + 3), rows.get(3));
        }
    }

    @Test
    void the_json_view_adds_a_low_coverage_event_after_the_window_and_the_threshold_is_an_option() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            assertEquals(0, receive("--broker", broker.uri(), "--client-id", "cov-2", "--for", "1s").get(30, TimeUnit.SECONDS).exit());
            publishThree(broker);
            Run r = receive("--broker", broker.uri(), "--client-id", "cov-2", "--json", "--min-coverage", "0.4", "--count", "3",
                    "--for", "20s").get(40, TimeUnit.SECONDS);
            assertFalse(r.out().contains("lowCoverage"), "150/300 is above 0.4: " + r.out());

            Run bad = receive("--broker", broker.uri(), "--min-coverage", "1.5").get(30, TimeUnit.SECONDS);
            assertTrue(bad.exit() != 0 && bad.err().contains("min-coverage"), bad.err());
        }
    }

    @Test
    void the_json_view_flags_a_window_below_the_default_threshold() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            assertEquals(0, receive("--broker", broker.uri(), "--client-id", "cov-3", "--for", "1s").get(30, TimeUnit.SECONDS).exit());
            publishThree(broker);
            Run r = receive("--broker", broker.uri(), "--client-id", "cov-3", "--json", "--count", "3", "--for", "20s")
                    .get(40, TimeUnit.SECONDS);
            List<String> lines = r.out().lines().toList();
            assertEquals(4, lines.size(), r.out());
            assertEquals("{\"event\":\"lowCoverage\",\"counting\":150,\"id\":\"node-9/abc123/2\",\"of\":300}", lines.get(2));
        }
    }
}
