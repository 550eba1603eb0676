package io.footfall.agent;

import io.footfall.agent.counts.CountsJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.testing.AgentProcess;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Subscriber;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent and a real broker: what each window says about how much of it was watched,
 * after a SIGKILL half-way through a window and while the capture command lies dead for a minute.
 */
class CoverageIT {
    @TempDir
    Path dir;

    private static Map<String, Object> json(Subscriber.Received r) {
        try {
            return JSON.std.mapFrom(r.payload());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Map<String, Object> m, String k) {
        return (Map<String, Object>) m.get(k);
    }

    private static long num(Map<String, Object> m, String k) {
        return ((Number) m.get(k)).longValue();
    }

    private static Instant start(Subscriber.Received r) {
        return Instant.parse((String) obj(json(r), "window").get("start"));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String run(Path log, String... args) throws Exception {
        Path out = Files.createTempFile(log.getParent(), "out", ".txt");
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", AgentProcess.jar().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "footfall " + args[0] + " finished");
        return Files.readString(out);
    }

    @Test
    void after_a_sigkill_half_way_through_a_window_that_window_says_it_was_watched_for_about_half_of_it() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        Path data = dir.resolve("data");
        Path log = dir.resolve("agent.log");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Subscriber platform = new Subscriber(broker.uri(), "footfall/v1/s1/n1/counts")) {
            // the simulated node at real speed: its clock is the wall clock, as on a real node
            String[] args = {"run", "--config", "/dev/null", "--hal", "sim", "--broker", broker.uri(), "--site", "s1", "--node", "n1",
                "--window", "1m", "--sim-speed", "1", "--data-dir", data.toString()};
            AgentProcess first = AgentProcess.start(log, args);
            // the next half-minute at least 5 s from now: the middle of a window
            long now = System.currentTimeMillis();
            long mid = ((now + 5_000) / 60_000) * 60_000 + 30_000;
            if (mid < now + 5_000) {
                mid += 60_000;
            }
            long windowStart = mid - 30_000;
            Thread.sleep(mid - System.currentTimeMillis()); // the scenario: the kill falls mid-window on the wall clock
            first.kill();
            long restarted = System.currentTimeMillis();
            try (AgentProcess second = AgentProcess.start(log, args)) {
                // footfall watch, beside the running agent, shows the window has not been watched throughout
                Path status = data.resolve("status.json");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                String watch = "";
                while (!watch.contains("NOT WATCHED THROUGHOUT") && System.nanoTime() < deadline) {
                    watch = Files.isRegularFile(status) ? run(log, "watch", "--once", "--status-file", status.toString()) : "";
                }
                assertTrue(watch.contains("coverage counting ") && watch.contains("NOT WATCHED THROUGHOUT"), watch);

                // the window after closes two minutes after the killed one began, then a second or two to close and send
                long wait = windowStart + 120_000 + 30_000 - System.currentTimeMillis();
                List<Subscriber.Received> got = platform.await(r -> start(r).toEpochMilli() == windowStart + 60_000, 1, wait,
                        TimeUnit.MILLISECONDS);
                assertTrue(got.stream().anyMatch(r -> start(r).toEpochMilli() == windowStart + 60_000), () -> "the window after "
                        + Instant.ofEpochMilli(windowStart) + " arrived; received " + platform.received().stream().map(CoverageIT::start).toList()
                        + "; log:\n" + tail(log));
                List<Map<String, Object>> killed = platform.received().stream().filter(r -> start(r).toEpochMilli() == windowStart)
                        .map(CoverageIT::json).toList();
                assertEquals(1, killed.size(), "the window the first run died in is published once, by the second run");
                Map<String, Object> coverage = obj(killed.get(0), "coverage");
                assertEquals(60, CountsJson.read(CountsJson.write(killed.get(0)), Kinds.STANDARD.sections()).coverage().orElseThrow().of(), "of: the window's length");
                long counting = num(coverage, "counting");
                long expected = (windowStart + 60_000 - restarted) / 1000; // from the restart to the end, less JVM start-up
                assertTrue(counting <= expected && counting >= expected - 8, "counting " + counting + " s, restarted " + expected + " s before the end");
                assertTrue(counting >= 20 && counting <= 30, "about half of the minute: " + counting);
                System.out.printf("SIGKILL at mid-window, restarted %d s before its end: coverage.counting %d of 60%n", expected, counting);

                Map<String, Object> next = json(platform.received().stream().filter(r -> start(r).toEpochMilli() == windowStart + 60_000)
                        .findFirst().orElseThrow());
                assertEquals(60, num(obj(next, "coverage"), "counting"), "the next window was watched throughout");
                assertEquals(60, CountsJson.read(CountsJson.write(next), Kinds.STANDARD.sections()).coverage().orElseThrow().of());
                second.stop();
            }
        }
    }

    @Test
    void a_capture_command_dead_for_a_minute_of_a_five_minute_window_captured_for_about_four() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        Path data = dir.resolve("data");
        Path log = dir.resolve("agent.log");
        // an empty radiotap pcap stream that stays open; when told to, the next life waits 5 s before it starts
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        try (io.footfall.hal.wifi.pcap.PcapWriter w = new io.footfall.hal.wifi.pcap.PcapWriter(header,
                io.footfall.hal.wifi.pcap.PcapWriter.Format.radiotap())) {
            w.flush();
        }
        Files.write(dir.resolve("header.pcap"), header.toByteArray());
        Path script = dir.resolve("capture.sh");
        Files.writeString(script, "#!/bin/sh\ncd '" + dir + "'\nif [ -e slow ]; then rm slow; sleep 5; fi\necho $$ > capture.pid\n"
                + "cat header.pcap\nexec sleep 1000\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path config = dir.resolve("footfall.properties");
        Files.writeString(config, "capture-quiet-after=24h\n"); // no frames in this stream: it is not quiet, only empty
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Subscriber platform = new Subscriber(broker.uri(), "footfall/v1/s1/n1/counts");
                // ten simulated seconds per real second: the capture's minute of death is six real seconds
                AgentProcess agent = AgentProcess.start(log, "run", "--config", config.toString(), "--hal", "sim", "--broker",
                        broker.uri(), "--site", "s1", "--node", "n1", "--window", "5m", "--sim-speed", "10", "--data-dir",
                        data.toString(), "--capture-command", script.toString())) {
            // the first, partial window closes: the next one has just begun
            Subscriber.Received first = platform.await(r -> true, 1, 60, TimeUnit.SECONDS).get(0);
            Instant full = Instant.parse((String) obj(json(first), "window").get("end"));
            Thread.sleep(3_000); // thirty simulated seconds into the window
            Files.createFile(dir.resolve("slow"));
            long pid = Long.parseLong(Files.readString(dir.resolve("capture.pid")).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // the capture dies: 1 s backoff, 5 s to start again

            List<Subscriber.Received> got = platform.await(r -> start(r).equals(full), 1, 60, TimeUnit.SECONDS);
            Map<String, Object> w = json(got.stream().filter(r -> start(r).equals(full)).findFirst().orElseThrow());
            assertEquals(300, num(obj(w, "coverage"), "counting"), "the agent itself watched throughout");
            io.footfall.agent.counts.Coverage.Wifi captured = CountsJson.read(CountsJson.write(w), Kinds.STANDARD.sections()).coverage().orElseThrow().wifi().orElseThrow();
            long capturing = captured.capturing();
            assertTrue(capturing >= 225 && capturing <= 245, "about 240 s of capture: " + capturing);
            System.out.printf("capture command dead for a simulated minute: wifi.capturing %d of 300%n", capturing);
            assertEquals(List.of(), captured.channels(), "a capture command does not say which channels it hears");
            agent.stop();
        }
    }
}
