package io.footfall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.hal.wifi.ProbeRequest;
import io.footfall.hal.wifi.pcap.InformationElements;
import io.footfall.hal.wifi.pcap.PcapWriter;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PcapCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new PcapCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void count_json_of_a_real_capture_gives_the_readme_figures() throws Exception {
        Path file = Path.of(System.getProperty("footfall.pcaps", "../hal/src/test/resources/pcaps"), "n-02.cap");
        assertEquals(0, run("count", file.toString(), "--json"));
        assertEquals("{\"frames\":218,\"probeRequests\":9,\"malformed\":0,\"wifi\":{\"devices\":5,\"universal\":2,\"randomized\":3}}",
                out.toString().strip());
    }

    @Test
    void rssi_min_counts_only_devices_heard_at_or_above_the_floor_and_never_prints_an_address() throws Exception {
        Path file = dir.resolve("near-far.pcap");
        byte[] ies = InformationElements.builder().ssid("").supportedRates(2, 4).build();
        try (OutputStream os = Files.newOutputStream(file); PcapWriter w = new PcapWriter(os)) {
            // a: universal, heard at -50 and -80; b: randomised, only at -75; c: randomised, -60; d: no signal
            w.writeProbe(1_000, new PcapWriter.ProbeFrame(0x00_1a_2b_3c_4d_5eL, 1, false, ies), PcapWriter.Radio.signal(-80));
            w.writeProbe(2_000, new PcapWriter.ProbeFrame(0x00_1a_2b_3c_4d_5eL, 2, true, ies), PcapWriter.Radio.signal(-50));
            w.writeProbe(3_000, new PcapWriter.ProbeFrame(0xda_00_00_00_00_01L, 1, false, ies), PcapWriter.Radio.signal(-75));
            w.writeProbe(4_000, new PcapWriter.ProbeFrame(0x3a_00_00_00_00_02L, 1, false, ies), PcapWriter.Radio.signal(-60));
            w.writeProbe(5_000, new PcapWriter.ProbeFrame(0x00_50_f2_00_00_03L, 1, false, ies), PcapWriter.Radio.signal(ProbeRequest.NO_RSSI));
        }
        assertEquals(0, run("count", file.toString(), "--json", "--rssi-min", "-60"));
        Map<String, Object> all = JSON.std.mapFrom(out.toString());
        assertEquals(5, all.get("probeRequests"));
        assertEquals(Map.of("devices", 2, "universal", 1, "randomized", 1), all.get("wifi"));

        out.getBuffer().setLength(0);
        assertEquals(0, run("count", file.toString()));
        String text = out.toString();
        assertTrue(text.contains("wifi.devices     4"), text);
        assertTrue(text.contains("wifi.randomized  2"), text);
        assertFalse(text.toLowerCase().matches("(?s).*([0-9a-f]{2}:){5}[0-9a-f]{2}.*"), text);
        assertFalse(text.contains("1a2b3c") || text.contains("1a:2b:3c"), text);
    }

    @Test
    void window_cuts_the_capture_on_its_own_timestamps_into_epoch_aligned_windows_with_the_published_wifi_fields() throws Exception {
        Path file = dir.resolve("three-windows.pcap");
        byte[] ies = InformationElements.builder().ssid("").supportedRates(2, 4).build();
        long t0 = 1_700_000_130L * 1_000_000_000L; // 30 s into the window that starts at 22:15 UTC
        try (OutputStream os = Files.newOutputStream(file); PcapWriter w = new PcapWriter(os)) {
            // first window: two universal phones, ten frames each; one randomised phone
            for (int i = 0; i < 10; i++) {
                w.writeProbe(t0 + i * 1_000_000_000L, new PcapWriter.ProbeFrame(0x00_1a_2b_3c_4d_5eL, i, false, ies), PcapWriter.Radio.signal(-50));
                w.writeProbe(t0 + i * 1_000_000_000L + 1000, new PcapWriter.ProbeFrame(0x00_1a_2b_3c_4d_5fL, 100 + i, false, ies), PcapWriter.Radio.signal(-55));
            }
            w.writeProbe(t0 + 20_000_000_000L, new PcapWriter.ProbeFrame(0xda_00_00_00_00_01L, 7, false, ies), PcapWriter.Radio.signal(-60));
            // nothing in the second window; one universal phone in the third
            w.writeProbe(t0 + 700_000_000_000L, new PcapWriter.ProbeFrame(0x00_1a_2b_3c_4d_5eL, 50, false, ies), PcapWriter.Radio.signal(-50));
        }
        assertEquals(0, run("count", file.toString(), "--window", "5m", "--wifi-k", "1"));
        String[] lines = out.toString().strip().split("\\R");
        assertEquals(3, lines.length, out.toString());
        Map<String, Object> first = JSON.std.mapFrom(lines[0]);
        Map<String, Object> empty = JSON.std.mapFrom(lines[1]);
        Map<String, Object> last = JSON.std.mapFrom(lines[2]);
        assertEquals(Map.of("start", "2023-11-14T22:15:00Z", "end", "2023-11-14T22:20:00Z"), first.get("window"));
        assertEquals(Map.of("start", "2023-11-14T22:20:00Z", "end", "2023-11-14T22:25:00Z"), empty.get("window"));
        assertEquals(Map.of("start", "2023-11-14T22:25:00Z", "end", "2023-11-14T22:30:00Z"), last.get("window"));
        assertEquals(21, first.get("probeRequests"));
        assertEquals(0, empty.get("probeRequests"));
        assertEquals(1, last.get("frames"));
        @SuppressWarnings("unchecked")
        Map<String, Object> wifi = (Map<String, Object>) first.get("wifi");
        assertEquals(3, wifi.get("devices"));
        assertEquals(2, wifi.get("universal"));
        assertEquals(1, wifi.get("randomized"));
        assertEquals(3, wifi.get("estimated"));
        assertFalse(wifi.containsKey("suppressed"), "left out while false, as in the counts message: " + wifi);
        assertTrue(wifi.keySet().containsAll(java.util.List.of("dwell", "k")), wifi.toString());
        assertEquals(true, ((Map<?, ?>) empty.get("wifi")).get("suppressed"));
        assertEquals(1, ((Map<?, ?>) last.get("wifi")).get("estimated"));
        assertFalse(out.toString().toLowerCase().contains("1a2b3c"), out.toString());

        out.getBuffer().setLength(0);
        assertEquals(0, run("count", file.toString(), "--window", "5m"));
        Map<String, Object> atDefaultK = JSON.std.mapFrom(out.toString().strip().split("\\R")[0]);
        assertEquals(Map.of("devices", 0, "universal", 0, "randomized", 0, "estimated", 0, "dwell", java.util.List.of(0, 0, 0, 0),
                "suppressed", true, "k", 10), withoutInterval(atDefaultK.get("wifi")));
    }

    @Test
    void assume_randomized_counts_every_address_as_locally_administered() throws Exception {
        Path file = dir.resolve("anonymised.pcap");
        byte[] ies = InformationElements.builder().ssid("").supportedRates(2, 4).build();
        try (OutputStream os = Files.newOutputStream(file); PcapWriter w = new PcapWriter(os)) {
            w.writeProbe(1_000, new PcapWriter.ProbeFrame(0x00_1a_2b_3c_4d_5eL, 1, false, ies), PcapWriter.Radio.signal(-50));
            w.writeProbe(2_000, new PcapWriter.ProbeFrame(0x01_1a_2b_3c_4d_5fL, 2, false, ies), PcapWriter.Radio.signal(-50));
        }
        assertEquals(0, run("count", file.toString(), "--json", "--assume-randomized"));
        assertEquals(Map.of("devices", 2, "universal", 0, "randomized", 2), JSON.std.mapFrom(out.toString()).get("wifi"));
        out.getBuffer().setLength(0);
        assertEquals(0, run("count", file.toString(), "--window", "1m", "--wifi-k", "1", "--assume-randomized"));
        Map<?, ?> wifi = (Map<?, ?>) JSON.std.mapFrom(out.toString()).get("wifi");
        assertEquals(0, wifi.get("universal"));
        assertEquals(2, wifi.get("randomized"));
    }

    /** The published Wi-Fi fields without the interval, which depends on the calibration. */
    private static Map<?, ?> withoutInterval(Object wifi) {
        Map<?, ?> m = new java.util.LinkedHashMap<>((Map<?, ?>) wifi);
        m.remove("estimatedLow");
        m.remove("estimatedHigh");
        return m;
    }

    @Test
    void a_dash_reads_the_capture_from_standard_input() throws Exception {
        Path file = Path.of(System.getProperty("footfall.pcaps", "../hal/src/test/resources/pcaps"), "wpa2-psk-linksys.cap");
        java.io.InputStream old = System.in;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            System.setIn(in);
            assertEquals(0, run("count", "-", "--json"));
        } finally {
            System.setIn(old);
        }
        Map<String, Object> m = JSON.std.mapFrom(out.toString());
        assertEquals(499, m.get("frames"));
        assertEquals(18, m.get("probeRequests"));
        assertEquals(Map.of("devices", 1, "universal", 1, "randomized", 0), m.get("wifi"));
    }

    @Test
    void a_file_that_is_not_a_capture_exits_1_with_a_clear_message() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "this is not a capture\n");
        assertEquals(1, run("count", file.toString()));
        assertTrue(err.toString().contains("is not a capture"), err.toString());
        assertEquals(1, run("count", dir.resolve("missing.pcap").toString()));
        assertTrue(err.toString().contains("cannot read"), err.toString());
    }

    @Test
    void usage_errors_exit_2() {
        assertEquals(2, run("count"));
        assertEquals(2, run("count", "x.pcap", "--rssi-min", "loud"));
        assertEquals(2, run("count", "x.pcap", "--rssi-min", "-300"));
        assertEquals(2, run());
        assertEquals(2, run("count", "x.pcap", "--wifi-k", "3"));
        assertEquals(2, run("count", "x.pcap", "--window", "5m", "--wifi-k", "0"));
        assertEquals(2, run("count", "x.pcap", "--window", "soon"));
    }
}
