package io.footfall.agent.counts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.config.AgentConfig;
import io.footfall.agent.config.Settings;
import io.footfall.agent.counts.wifi.WifiSection;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.kinds.StandardMessage;
import io.footfall.agent.privacy.DwellHistogram;
import io.footfall.agent.privacy.WifiCounts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The compact encoding (docs/MQTT.md): what is left out, and that a reader gets every figure back. */
class CountsJsonCompactTest {
    static final long DAY0 = 1_795_305_600_000L;

    static CountsMessage message(boolean wifi, Coverage coverage) {
        return StandardMessage.window("kortrijk-centrum", "node-017", "node-017/c41e9a/12", 12,
                new CountsMessage.WindowInfo(DAY0, DAY0 + 300_000, true),
                BeamCounts.of(List.of(new BeamCounts.PassageCounts("door-1", 4, 3, false))),
                wifi ? Optional.of(new WifiCounts(40, 12, 28, 31, new DwellHistogram(10, 12, 6, 3), false, 10, OptionalDouble.empty(), 27, 31))
                        : Optional.empty(),
                coverage);
    }

    /** The coverage a reader gets back from {@code json}, the compact encoding's defaults applied. */
    static Optional<Coverage> readCoverage(byte[] json) {
        return CountsJson.read(json, Kinds.STANDARD.sections()).coverage();
    }

    /** A whole message around {@code fields} (a window, a coverage, a Wi-Fi section's figures). */
    static byte[] message(String fields) {
        return ("{\"schema\":\"footfall.counts/1\",\"site\":\"s\",\"node\":\"n\",\"id\":\"n/ab/1\",\"seq\":1,"
                + "\"beam\":{\"in\":0,\"out\":0,\"passages\":[]}," + fields + "}").getBytes(StandardCharsets.UTF_8);
    }

    static final String WIFI = "\"devices\":3,\"universal\":1,\"randomized\":2,\"estimated\":2,\"suppressed\":false,\"k\":5";

    static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Test
    void a_window_watched_and_captured_throughout_on_the_default_channels_sends_only_how_long_it_counted() throws Exception {
        byte[] json = CountsJson.toJson(message(true, new Coverage(300, 300, Optional.of(new Coverage.Wifi(300, List.of(1, 6, 11))))));
        assertTrue(text(json).contains("\"coverage\":{\"counting\":300}"), text(json));
        assertFalse(text(json).contains("capturing"), text(json));
        assertFalse(text(json).contains("channels"), text(json));
        assertEquals(new Coverage(300, 300, Optional.of(new Coverage.Wifi(300, List.of(1, 6, 11)))),
                readCoverage(json).orElseThrow());
    }

    @Test
    void every_figure_that_differs_from_its_default_is_written_and_read_back() throws Exception {
        for (Coverage c : List.of(
                new Coverage(150, 300, Optional.of(new Coverage.Wifi(150, List.of(1, 6, 11)))), // restarted: capturing follows counting
                new Coverage(300, 300, Optional.of(new Coverage.Wifi(240, List.of(1, 6, 11)))), // capture dead for a minute
                new Coverage(300, 300, Optional.of(new Coverage.Wifi(0, List.of()))), // never captured
                new Coverage(300, 300, Optional.of(new Coverage.Wifi(300, List.of(1, 6, 11, 36)))), // another hop list
                new Coverage(300, 300, Optional.of(new Coverage.Wifi(300, List.of()))), // a capture-command
                new Coverage(0, 300, Optional.of(new Coverage.Wifi(0, List.of()))))) {
            byte[] json = CountsJson.toJson(message(true, c));
            assertEquals(c, readCoverage(json).orElseThrow(), text(json));
        }
        byte[] never = CountsJson.toJson(message(true, new Coverage(300, 300, Optional.of(new Coverage.Wifi(0, List.of())))));
        assertTrue(text(never).contains("\"capturing\":0,\"channels\":[]"), text(never));
    }

    @Test
    void a_node_without_wifi_reads_back_without_a_capture_share() throws Exception {
        byte[] json = CountsJson.toJson(message(false, new Coverage(200, 300, Optional.empty())));
        assertEquals(new Coverage(200, 300, Optional.empty()), readCoverage(json).orElseThrow());
    }

    @Test
    void a_message_written_out_in_full_by_an_earlier_agent_or_the_merger_reads_the_same() throws Exception {
        String full = "\"window\":{\"start\":\"2026-11-22T00:00:00Z\",\"end\":\"2026-11-22T01:00:00Z\",\"clockSynced\":true},"
                + "\"coverage\":{\"counting\":3000,\"of\":3300},\"wifi\":{" + WIFI + ",\"capturing\":2900,\"channels\":[1,6,11]}";
        assertEquals(new Coverage(3000, 3300, Optional.of(new Coverage.Wifi(2900, List.of(1, 6, 11)))),
                readCoverage(message(full)).orElseThrow(), "an explicit of wins over the window's span");
    }

    @Test
    void a_message_from_a_node_older_than_coverage_has_unknown_coverage_not_full() throws Exception {
        String old = "\"window\":{\"start\":\"2026-11-22T00:00:00Z\",\"end\":\"2026-11-22T00:05:00Z\",\"clockSynced\":true},"
                + "\"wifi\":{" + WIFI + "}";
        assertEquals(Optional.empty(), readCoverage(message(old)));
    }

    @Test
    void a_malformed_coverage_is_refused_naming_the_field() {
        String win = "\"window\":{\"start\":\"2026-11-22T00:00:00Z\",\"end\":\"2026-11-22T00:05:00Z\",\"clockSynced\":true}";
        assertTrue(refusal(win + ",\"coverage\":{\"counting\":\"all\"}").contains("coverage.counting"));
        assertTrue(refusal(win + ",\"coverage\":{\"counting\":30},\"wifi\":{" + WIFI + ",\"capturing\":1.5}").contains("wifi.capturing"));
        assertTrue(refusal(win + ",\"coverage\":{\"counting\":30},\"wifi\":{" + WIFI + ",\"channels\":\"1,6\"}").contains("wifi.channels"));
        assertTrue(refusal("\"coverage\":{\"counting\":30}").contains("window"));
        assertThrows(IllegalArgumentException.class, () -> readCoverage(message(win + ",\"coverage\":{\"counting\":301}")),
                "more than the window's 300 s");
    }

    private static String refusal(String fields) {
        return assertThrows(IllegalArgumentException.class, () -> readCoverage(message(fields))).getMessage();
    }

    @Test
    void the_default_channels_on_the_wire_are_the_configuration_default() {
        AgentConfig defaults = AgentConfig.from(Settings.of(Map.of("site", "s1", "node", "n1")));
        assertEquals(WifiSection.DEFAULT_CHANNELS, defaults.wifi().channels(),
                "an absent wifi.channels must mean what a node configured by default hops over");
    }
}
