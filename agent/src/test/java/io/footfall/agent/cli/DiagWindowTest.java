package io.footfall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.health.BeamHealth;
import io.footfall.agent.health.HealthJson;
import io.footfall.agent.health.HealthSnapshot;
import io.footfall.agent.health.KindHealth;
import io.footfall.agent.health.WifiHealth;
import io.footfall.agent.health.WindowSoFar;
import io.footfall.agent.testing.StatusFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code footfall diag} beside a running agent shows how much of the open window has been watched. */
class DiagWindowTest {
    @TempDir
    Path dir;

    private String diag() throws Exception {
        try (ServerSocket broker = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            StringWriter out = new StringWriter();
            CommandLine cl = Footfall.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(new StringWriter(), true));
            cl.execute("diag", "--config", "/dev/null", "--hal", "sim", "--site", "s1", "--node", "n1", "--data-dir", dir.toString(), "--broker",
                    "tcp://127.0.0.1:" + broker.getLocalPort());
            return out.toString();
        }
    }

    /** A status file as the agent writes it (HealthReport.statusJson), its window watched for {@code counting} of {@code of} seconds. */
    private void status(long counting, long of) throws Exception {
        WindowSoFar w = new WindowSoFar(Instant.parse("2026-11-22T10:05:00Z"), Instant.parse("2026-11-22T10:10:00Z"),
                BeamCounts.of(List.of(new BeamCounts.PassageCounts("door-1", 1, 0, false))), 5,
                new WindowSoFar.CoverageSoFar(counting, of, OptionalLong.of(counting)));
        Files.write(dir.resolve("status.json"), HealthJson.write(StatusFiles.snapshot("s1", "n1").withWindow(Optional.of(w))));
    }

    @Test
    void a_status_file_that_is_not_a_snapshot_is_a_warning_naming_what_is_missing() throws Exception {
        Files.writeString(dir.resolve("status.json"), "{\"site\":\"s1\",\"node\":\"n1\"}");
        String out = diag();
        assertTrue(out.lines().anyMatch(l -> l.startsWith("WARN  window") && l.contains("no 'schema' in it")), out);
    }

    @Test
    void a_window_the_agent_restarted_in_is_a_warning() throws Exception {
        status(50, 200);
        String out = diag();
        assertTrue(out.lines().anyMatch(l -> l.startsWith("WARN  window") && l.contains("coverage counting 50 s of 200 s so far (capturing 50 s)")
                && l.contains("NOT WATCHED THROUGHOUT")), out);
    }

    @Test
    void a_window_watched_so_far_passes() throws Exception {
        status(200, 200);
        String out = diag();
        assertTrue(out.lines().anyMatch(l -> l.startsWith("PASS  window") && l.contains("coverage counting 200 s of 200 s so far")), out);
    }

    @Test
    void each_sensor_kind_brings_its_own_lines_a_blocked_passage_and_a_quiet_capture_are_warnings() throws Exception {
        HealthSnapshot h = StatusFiles.snapshot("s1", "n1");
        Map<String, KindHealth> sensors = new LinkedHashMap<>();
        sensors.put("beam", new BeamHealth(List.of(new BeamHealth.Passage("door-1", true, 3), new BeamHealth.Passage("door-2", false, 4))));
        sensors.put("wifi", new WifiHealth("quiet", Optional.of("no frame for 60 s on wlan1"), 0.0));
        Files.write(dir.resolve("status.json"), HealthJson.write(new HealthSnapshot(h.schema(), h.site(), h.node(), h.time(), h.uptimeSeconds(),
                h.clockSynced(), sensors, h.pipeline(), h.outbox(), h.mqtt(), h.system(), h.window())));
        String out = diag();
        assertTrue(out.lines().anyMatch(l -> l.startsWith("WARN  beams") && l.contains("door-1 blocked") && !l.contains("door-2")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("WARN  wifi-capture") && l.contains("quiet (no frame for 60 s on wlan1)")), out);

        status(200, 200);
        String healthy = diag();
        assertTrue(healthy.lines().anyMatch(l -> l.startsWith("PASS  beams") && l.contains("1 passage(s) clear, 3 crossing(s) since start")),
                healthy);
        assertTrue(healthy.lines().anyMatch(l -> l.startsWith("PASS  wifi-capture") && l.contains("running (capturing on wlan1), 2.5 probes/s")),
                healthy);
    }

    @Test
    void without_a_running_agent_there_is_no_window_to_show() throws Exception {
        String out = diag();
        assertFalse(out.lines().anyMatch(l -> l.matches("(PASS|WARN|FAIL)\\s+window .*")), out);
    }
}
