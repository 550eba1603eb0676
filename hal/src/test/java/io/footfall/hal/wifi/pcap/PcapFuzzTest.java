package io.footfall.hal.wifi.pcap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;

/**
 * Coverage-guided fuzzing of the parser with Jazzer, for a bounded time in every build (surefire sets
 * {@code JAZZER_FUZZ=1}); its seed is a real radiotap capture. Whatever the bytes, the parser may
 * refuse the file header with a {@link PcapFormatException}, and must otherwise read to the end
 * without throwing, with consistent counters. Jazzer also reports hangs and out-of-memory.
 */
class PcapFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void the_parser_survives_any_bytes(byte[] data) {
        PcapReader reader;
        try {
            reader = PcapReader.open(new ByteArrayInputStream(data));
        } catch (PcapFormatException refusedHeader) {
            return;
        }
        reader.readAll((ts, source, rssi, seq, fingerprint, retry) -> {
            assertTrue((source >>> 48) == 0, "source wider than 48 bits");
            assertTrue(seq >= 0 && seq < 4096, "sequence number out of range");
        });
        assertTrue(reader.probeRequests() <= reader.frames(), "more probe requests than frames");
    }
}
