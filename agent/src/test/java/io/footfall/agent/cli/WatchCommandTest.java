package io.footfall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.health.HealthJson;
import io.footfall.agent.health.WindowSoFar;
import io.footfall.agent.testing.StatusFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WatchCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int watch(Path status) {
        return new CommandLine(new WatchCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("--once", "--status-file", status.toString());
    }

    @Test
    void a_status_file_as_the_agent_writes_it_is_shown_with_its_window_so_far() throws Exception {
        Path status = dir.resolve("status.json");
        WindowSoFar w = new WindowSoFar(Instant.parse("2026-11-22T10:05:00Z"), Instant.parse("2026-11-22T10:10:00Z"),
                BeamCounts.of(List.of(new BeamCounts.PassageCounts("door-1", 4, 2, false))), 57,
                new WindowSoFar.CoverageSoFar(120, 151, OptionalLong.of(100)));
        Files.write(status, HealthJson.write(StatusFiles.snapshot("gent", "node-7").withWindow(Optional.of(w))));
        assertEquals(0, watch(status), out + err.toString());
        String shown = out.toString();
        assertTrue(shown.contains("footfall gent/node-7   2026-11-22T10:07:31Z   up 60 s"), shown);
        assertTrue(shown.contains("window   2026-11-22T10:05:00Z .. 2026-11-22T10:10:00Z   in 4  out 2   probes 57"), shown);
        assertTrue(shown.contains("coverage counting 120 s of 151 s so far (capturing 100 s)  NOT WATCHED THROUGHOUT"), shown);
        assertTrue(shown.contains("beams    door-1     ok   crossings since start 3"), shown);
        assertTrue(shown.contains("wifi     running (capturing on wlan1)   2.5 probes/s"), shown);
        assertTrue(shown.contains("outbox   depth 0, last seq 12, storage ok   broker connected"), shown);
    }

    @Test
    void a_status_file_with_missing_fields_is_named_as_such_not_a_null_pointer() throws Exception {
        Path status = dir.resolve("status.json");
        ObjectNode tree = (ObjectNode) JSON.readTree(HealthJson.write(StatusFiles.snapshot("gent", "node-7")));
        tree.remove("outbox");
        Files.write(status, JSON.writeValueAsBytes(tree));
        assertEquals(1, watch(status));
        assertTrue(out.toString().contains("cannot show " + status + ": no 'outbox' in it"), out + err.toString());
        assertFalse((out + err.toString()).contains("NullPointerException"), err.toString());
    }

    @Test
    void a_field_of_the_wrong_type_is_named_too() throws Exception {
        Path status = dir.resolve("status.json");
        Files.writeString(status, "{\"beam\":{\"passages\":7}}");
        assertEquals(1, watch(status));
        assertTrue(out.toString().contains("no valid 'beam.passages' in it"), out + err.toString());
        assertFalse((out + err.toString()).contains("Exception"), err.toString());
    }

    @Test
    void a_status_file_holding_null_is_named_too() throws Exception {
        Path status = dir.resolve("status.json");
        Files.writeString(status, "null");
        assertEquals(1, watch(status));
        assertTrue(out.toString().contains("no health snapshot in it (null)"), out + err.toString());
    }
}
