package io.footfall.agent.counts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.counts.beam.BeamKind;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.counts.wifi.WifiSection;
import io.footfall.agent.json.RecordJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node writes counts with jackson-jr ({@link CountsWriter}), the platform reads them with databind
 * ({@link CountsJson}); the compact encoding lives once, in the records' annotations, so both must
 * write every record alike. The bytes themselves are pinned by {@link CountsGoldenTest}.
 */
class CountsWriterTest {
    private static final RecordJson JR = RecordJson.with();

    /** Every combination of the {@code wifi} section's optional fields present or absent, and the flag set or not. */
    private static List<WifiSection> everyWifiShape() {
        List<WifiSection> all = new ArrayList<>();
        for (int bits = 0; bits < 1 << 7; bits++) {
            boolean[] on = new boolean[7];
            for (int i = 0; i < 7; i++) {
                on[i] = (bits & 1 << i) != 0;
            }
            all.add(new WifiSection(20, 4, 16, 11, on[0] ? OptionalInt.of(8) : OptionalInt.empty(),
                    on[1] ? OptionalInt.of(15) : OptionalInt.empty(), on[2] ? Optional.of(List.of(6, 3, 2, 0)) : Optional.empty(), on[3], 5,
                    on[4] ? Optional.of(WifiSection.GEOMETRIC) : Optional.empty(), on[4] ? OptionalDouble.of(0.25) : OptionalDouble.empty(),
                    on[5] ? OptionalLong.of(120) : OptionalLong.empty(), on[6] ? Optional.of(List.of(36, 40)) : Optional.empty()));
        }
        return all;
    }

    private static List<BeamCounts> everyBeamShape() {
        return List.of(BeamCounts.of(List.of()),
                BeamCounts.of(List.of(new BeamCounts.PassageCounts("door-1", 3, 2, false))),
                BeamCounts.of(List.of(new BeamCounts.PassageCounts("door-1", 3, 2, false), new BeamCounts.PassageCounts("door-2", 0, 1, true, 0),
                        new BeamCounts.PassageCounts("door-3", 9, 9, true, 610))));
    }

    private static String jr(Object record) {
        return new String(JR.write(record), StandardCharsets.UTF_8);
    }

    private static String databind(Object record) throws IOException {
        return CountsJson.mapper().writeValueAsString(record);
    }

    @Test
    void every_shape_of_the_wifi_section_is_written_by_the_node_as_databind_writes_it() throws IOException {
        List<WifiSection> shapes = everyWifiShape();
        assertEquals(128, shapes.size());
        for (WifiSection w : shapes) {
            assertEquals(databind(w), jr(w), w.toString());
        }
    }

    @Test
    void beams_blocked_or_not_are_written_by_the_node_as_databind_writes_them() throws IOException {
        for (BeamCounts b : everyBeamShape()) {
            assertEquals(databind(b), jr(b), b.toString());
        }
    }

    @Test
    void coverage_with_and_without_its_length_is_written_by_the_node_as_databind_writes_it() throws IOException {
        for (CountsMessage.Watched c : List.of(new CountsMessage.Watched(300, OptionalLong.empty()),
                new CountsMessage.Watched(1_200, OptionalLong.of(3_600)))) {
            assertEquals(databind(c), jr(c), c.toString());
        }
    }

    @Test
    void what_the_node_writes_reads_back_as_the_same_message() {
        for (WifiSection w : everyWifiShape()) {
            for (BeamCounts b : everyBeamShape()) {
                CountsMessage m = new CountsMessage("site-a", "node-1", "node-1/s/3-5", 3, Optional.of(new CountsMessage.Merged(5, 3)),
                        new CountsMessage.WindowInfo(0, 900_000, w.suppressed()),
                        Optional.of(new CountsMessage.Watched(900, OptionalLong.of(900))), sections(b, w));
                assertEquals(m, CountsJson.read(CountsWriter.toJson(m), Kinds.STANDARD.sections()));
            }
        }
    }

    private static Map<String, CountsSection> sections(BeamCounts b, WifiSection w) {
        Map<String, CountsSection> s = new LinkedHashMap<>();
        s.put("beam", b);
        s.put("wifi", w);
        return s;
    }

    @Test
    void writing_a_window_and_its_beam_for_health_as_the_node_does_loads_no_class_of_databind(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("classes.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), WriteOneWindow.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the child JVM did not end");
        assertEquals(0, p.exitValue(), out);
        assertEquals("payload " + new String(CountsJson.toJson(WriteOneWindow.message()), StandardCharsets.UTF_8) + "\n"
                + "beam " + CountsJson.beam(BeamKind.in(WriteOneWindow.message())), out.strip());
        String classes = Files.readString(log);
        assertTrue(classes.contains("com.fasterxml.jackson.jr.ob.JSON "), "jackson-jr was not seen loading: the log is not what it seems");
        assertFalse(classes.contains("com.fasterxml.jackson.databind."), () -> classes.lines()
                .filter(l -> l.contains("com.fasterxml.jackson.databind.")).limit(5).toList().toString());
    }
}
