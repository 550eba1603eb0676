package io.footfall.agent.privacy;

import io.footfall.hal.wifi.pcap.PcapReader;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Study aid for the real captures in ../shared/data/wifi-truth: prints every probe request of the
 * given files as tab-separated {@code file, t_ns, source, rssi, seq, fingerprint, retry} for a
 * throw-away analysis. Its output holds raw addresses: write it to a temporary file only, never into
 * the repository or a log.
 */
public final class ProbeDump {
    public static void main(String[] args) throws Exception {
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out))) {
            for (String f : args) {
                try (InputStream in = Files.newInputStream(Path.of(f))) {
                    PcapReader.open(in).readAll((ts, src, rssi, seq, fp, retry) -> {
                        try {
                            out.write(f + "\t" + ts + "\t" + Long.toHexString(src) + "\t" + rssi + "\t" + seq + "\t"
                                    + Long.toHexString(fp) + "\t" + (retry ? 1 : 0) + "\n");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                }
            }
        }
    }
}
