package io.footfall.agent.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.cli.ReceiveCommand;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.kinds.Kinds;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The receiver reads the compact encoding's defaults (docs/MQTT.md, "Compact encoding"). */
class CountsParserCompactTest {
    private static ReceivedWindow parse(String coverage, String wifiExtra) {
        String json = "{\"schema\":\"footfall.counts/1\",\"site\":\"s\",\"node\":\"n\",\"id\":\"n/ab/7\",\"seq\":7,"
                + "\"window\":{\"start\":\"2026-11-30T10:00:00Z\",\"end\":\"2026-11-30T10:05:00Z\",\"clockSynced\":true},"
                + "\"coverage\":" + coverage + ",\"beam\":{\"in\":1,\"out\":0,\"passages\":[]},"
                + "\"wifi\":{\"devices\":90,\"universal\":9,\"randomized\":81,\"estimated\":20,\"suppressed\":false,\"k\":5" + wifiExtra + "}}";
        return CountsParser.parse(json.getBytes(StandardCharsets.UTF_8), Kinds.STANDARD.sections());
    }

    @Test
    void a_compact_window_reads_as_watched_and_captured_for_its_whole_length_on_the_default_channels() {
        ReceivedWindow w = parse("{\"counting\":300}", "");
        assertEquals(Optional.of(new Coverage(300, 300, Optional.of(new Coverage.Wifi(300, List.of(1, 6, 11))))), w.coverage());
        assertTrue(ReceiveCommand.line(w, 0.9).endsWith("coverage 300/300 s capturing 300 s on [1,6,11]"), ReceiveCommand.line(w, 0.9));
        assertTrue(ReceiveCommand.csvRow(w).contains(",300,300,300"), ReceiveCommand.csvRow(w));
    }

    @Test
    void a_restart_in_the_window_shows_in_capturing_too_when_it_is_left_out() {
        ReceivedWindow w = parse("{\"counting\":148}", ",\"channels\":[36,40]");
        assertEquals(new Coverage(148, 300, Optional.of(new Coverage.Wifi(148, List.of(36, 40)))), w.coverage().orElseThrow());
    }

    @Test
    void a_coverage_without_a_whole_counting_is_refused_when_the_message_arrives() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("{\"of\":300}", ""));
        assertTrue(e.getMessage().contains("coverage") && e.getMessage().contains("counting"), e.getMessage());
    }
}
