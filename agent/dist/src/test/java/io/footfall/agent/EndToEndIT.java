package io.footfall.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.testing.AgentProcess;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Subscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on the simulator, a real Mosquitto, a plain subscriber: what the platform sees
 * must be every window, in order, with the beam counts the simulator knows to be true.
 */
class EndToEndIT {
    @TempDir
    Path dir;

    private MosquittoBroker broker;
    private Subscriber platform;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        broker = MosquittoBroker.start(dir.resolve("broker"));
        platform = new Subscriber(broker.uri(), "footfall/v1/#");
    }

    @AfterEach
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private AgentProcess agent(Path truth) {
        return AgentProcess.start(dir.resolve("agent.log"), "run", "--config", "/dev/null", "--hal", "sim", "--broker", broker.uri(),
                "--site", "s1", "--node", "n1", "--window", "1m", "--sim-speed", "600", "--data-dir", dir.resolve("data").toString(),
                "--set", "sim-profile=flat", "--set", "sim-peak=1200",
                // clean single-file traffic, so the decoder must be exact window by window
                "--set", "sim-width=0.6", "--set", "sim-groups=0", "--set", "sim-aborts=0", "--set", "sim-noise=0", "--set", "sim-truth-file=" + truth);
    }

    private static boolean isCounts(Subscriber.Received r) {
        return r.topic().equals("footfall/v1/s1/n1/counts");
    }

    @Test
    void a_simulated_hour_arrives_window_by_window_with_consecutive_seq_and_the_true_beam_counts() throws Exception {
        Path truth = dir.resolve("truth.csv");
        try (AgentProcess a = agent(truth)) {
            List<Subscriber.Received> counts = platform.await(EndToEndIT::isCounts, 61, 60, TimeUnit.SECONDS);
            assertTrue(counts.size() >= 61, "only " + counts.size() + " windows arrived; log: " + log());
            Path watch = dir.resolve("watch.txt");
            assertEquals(0, AgentProcess.runToEnd(watch, "watch", "--once", "--config", "/dev/null", "--data-dir",
                    dir.resolve("data").toString()), Files.readString(watch));
            assertTrue(Files.readString(watch).contains("window ") && Files.readString(watch).contains("door-1")
                    && Files.readString(watch).contains("broker connected"), Files.readString(watch));
            // The JVM exits 128+15 after its shutdown hooks ran; the unit lists 143 in SuccessExitStatus.
            assertEquals(143, a.stop(), "exit code after SIGTERM");
        }
        List<Map<String, Object>> windows = new ArrayList<>();
        for (Subscriber.Received r : platform.received()) {
            if (isCounts(r)) {
                windows.add(JSON.std.mapFrom(r.payload()));
            }
        }
        List<String[]> crossings = Files.readAllLines(truth).stream().filter(l -> l.startsWith("crossing,")).map(l -> l.split(",")).toList();
        long totalIn = 0;
        for (int i = 0; i < windows.size(); i++) {
            Map<String, Object> w = windows.get(i);
            assertEquals(i + 1L, ((Number) w.get("seq")).longValue(), "seq");
            assertEquals("footfall.counts/1", w.get("schema"));
            assertTrue(w.get("id").toString().startsWith("n1/") && w.get("id").toString().endsWith("/" + (i + 1)));
            Map<?, ?> window = (Map<?, ?>) w.get("window");
            long start = Instant.parse(window.get("start").toString()).toEpochMilli();
            long end = Instant.parse(window.get("end").toString()).toEpochMilli();
            assertEquals(60_000, end - start);
            if (i > 0) {
                Map<?, ?> prev = (Map<?, ?>) windows.get(i - 1).get("window");
                assertEquals(prev.get("end"), window.get("start"), "windows follow one another");
            }
            long in = crossings.stream().filter(c -> inWindow(c, start, end) && c[3].equals("in")).count();
            long out = crossings.stream().filter(c -> inWindow(c, start, end) && c[3].equals("out")).count();
            Map<?, ?> beam = (Map<?, ?>) w.get("beam");
            assertEquals(in, ((Number) beam.get("in")).longValue(), "in at " + window.get("start"));
            assertEquals(out, ((Number) beam.get("out")).longValue(), "out at " + window.get("start"));
            totalIn += in;
        }
        assertTrue(totalIn > 300, "a busy hour: " + totalIn);

        List<String> status = platform.received().stream().filter(r -> r.topic().endsWith("/status")).map(Subscriber.Received::payload).toList();
        assertTrue(status.get(0).contains("online"), status.toString());
        assertTrue(status.get(status.size() - 1).contains("offline"), "a clean stop says offline: " + status);
    }

    @Test
    void a_restarted_node_continues_its_seq_and_its_windows() throws Exception {
        Path truth = dir.resolve("truth.csv");
        try (AgentProcess a = agent(truth)) {
            assertEquals(5, platform.await(EndToEndIT::isCounts, 5, 60, TimeUnit.SECONDS).size(), log());
            a.stop();
        }
        int before = platform.await(EndToEndIT::isCounts, 0, 0, TimeUnit.SECONDS).size();
        try (AgentProcess a = agent(truth)) {
            assertTrue(platform.await(EndToEndIT::isCounts, before + 5, 60, TimeUnit.SECONDS).size() >= before + 5, log());
            a.stop();
        }
        List<Map<String, Object>> windows = new ArrayList<>();
        for (Subscriber.Received r : platform.received()) {
            if (isCounts(r)) {
                windows.add(JSON.std.mapFrom(r.payload()));
            }
        }
        for (int i = 0; i < windows.size(); i++) {
            assertEquals(i + 1L, ((Number) windows.get(i).get("seq")).longValue());
            if (i > 0) {
                assertEquals(((Map<?, ?>) windows.get(i - 1).get("window")).get("end"), ((Map<?, ?>) windows.get(i).get("window")).get("start"),
                        "the simulated node carries on where it stopped");
            }
        }
        assertEquals(windows.size(), windows.stream().map(w -> w.get("id")).distinct().count(), "ids never repeat");
    }

    @Test
    void a_zero_window_is_refused_at_once_naming_the_key() throws Exception {
        Path log = dir.resolve("refused.log");
        int code = AgentProcess.runToEnd(log, "run", "--config", "/dev/null", "--hal", "sim", "--window", "0s", "--data-dir",
                dir.resolve("data").toString());
        assertEquals(78, code);
        assertTrue(Files.readString(log).contains("'window'"), Files.readString(log));
    }

    private static boolean inWindow(String[] c, long start, long end) {
        long t = Long.parseLong(c[1]);
        return t >= start && t < end;
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("agent.log"));
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }
}
