package io.footfall.agent.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.cli.ReceiveCommand;
import io.footfall.agent.kinds.Kinds;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CountsParserWifiIntervalTest {
    private static ReceivedWindow parse(String wifi) {
        String json = "{\"schema\":\"footfall.counts/1\",\"site\":\"s\",\"node\":\"n\",\"id\":\"n/ab/7\",\"seq\":7,"
                + "\"window\":{\"start\":\"2026-11-30T10:00:00Z\",\"end\":\"2026-11-30T10:05:00Z\",\"clockSynced\":true},"
                + "\"beam\":{\"in\":1,\"out\":0,\"passages\":[]},\"wifi\":" + wifi + "}";
        return CountsParser.parse(json.getBytes(StandardCharsets.UTF_8), Kinds.STANDARD.sections());
    }

    @Test
    void the_interval_is_read_and_shown_in_the_line_and_the_csv() {
        ReceivedWindow w = parse("{\"devices\":90,\"universal\":9,\"randomized\":81,\"estimated\":20,\"estimatedLow\":17,"
                + "\"estimatedHigh\":20,\"suppressed\":false,\"k\":5}");
        assertEquals(17, w.wifi().orElseThrow().estimatedLow());
        assertEquals(20, w.wifi().orElseThrow().estimatedHigh());
        assertTrue(ReceiveCommand.line(w).contains("est 20 (17-20)"), ReceiveCommand.line(w));
        assertTrue(ReceiveCommand.csvRow(w).contains(",90,9,81,20,false,5,"), ReceiveCommand.csvRow(w));
        assertTrue(ReceiveCommand.csvRow(w).endsWith(",17,20"), ReceiveCommand.csvRow(w));
        assertEquals(ReceiveCommand.CSV_HEADER.split(",").length, ReceiveCommand.csvRow(w).split(",", -1).length);
    }

    @Test
    void a_message_from_a_node_without_an_interval_reads_as_the_estimate_itself() {
        ReceivedWindow w = parse("{\"devices\":90,\"universal\":9,\"randomized\":81,\"estimated\":20,\"suppressed\":false,\"k\":5}");
        assertEquals(20, w.wifi().orElseThrow().estimatedLow());
        assertEquals(20, w.wifi().orElseThrow().estimatedHigh());
    }
}
