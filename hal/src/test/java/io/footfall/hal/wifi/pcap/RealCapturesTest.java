package io.footfall.hal.wifi.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real captures in hal/src/test/resources/pcaps give exactly the figures in that directory's README. */
class RealCapturesTest {
    static Path pcaps() {
        return Path.of(System.getProperty("footfall.pcaps", "src/test/resources/pcaps"));
    }

    @ParameterizedTest(name = "{0}: {1} frames, {2} probe requests, {3} devices, {4} locally administered")
    @CsvSource({
        "ieee802.11_exthdr.pcap, 26, 6, 1, 0",
        "n-02.cap, 218, 9, 5, 3",
        "wpa2-psk-linksys.cap, 499, 18, 1, 0",
    })
    void real_capture_gives_the_figures_in_the_readme(String name, long frames, long probes, long devices, long local)
            throws Exception {
        Path file = pcaps().resolve(name);
        CountingSink s = CountingSink.read(file);
        assertEquals(frames, s.frames, "frames");
        assertEquals(probes, s.readerProbes, "probe requests");
        assertEquals(probes, s.probes, "probe requests delivered");
        assertEquals(devices, s.sources.size(), "distinct sources");
        assertEquals(local, s.locallyAdministered, "locally administered");
        assertEquals(0, s.malformed, "malformed");
    }
}
