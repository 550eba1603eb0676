package io.footfall.hal.wifi.pcap;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the benchmark capture: {@code java -cp hal/target/classes:hal/target/test-classes
 * io.footfall.hal.wifi.pcap.PcapBenchFile FILE [FRAMES] [SEED]}. Radiotap with every header shape
 * (odd lengths, chained bitmaps, vendor namespaces, good and bad FCS), about 60% probe requests,
 * no probe request cut short inside its header (tshark prints an empty address for those, which
 * its {@code sort -u | wc -l} would count as one more device). Prints the truth as
 * {@code frames probes devices}.
 */
public final class PcapBenchFile {
    private PcapBenchFile() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        SyntheticCapture.Truth t;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            t = SyntheticCapture.write(os, PcapWriter.Format.radiotap(), frames, seed, SyntheticCapture.Radios.MIXED, false);
        }
        System.out.println(t.frames() + " " + t.probes() + " " + t.sources().size());
    }
}
