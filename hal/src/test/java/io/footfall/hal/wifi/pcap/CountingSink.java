package io.footfall.hal.wifi.pcap;

import io.footfall.hal.wifi.ProbeRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Counts what a reader delivers, the way the CLI does. */
final class CountingSink implements ProbeSink {
    final LongHashSet sources = new LongHashSet();
    final LongHashSet near = new LongHashSet();
    long probes;
    long locallyAdministered;
    long frames;
    long malformed;
    long readerProbes;
    long timestampSum;

    @Override
    public void onProbe(long ts, long source, int rssi, int seq, long fp, boolean retry) {
        probes++;
        timestampSum += ts;
        if (sources.add(source) && ((source >>> 40) & 0x02) != 0) {
            locallyAdministered++;
        }
        if (rssi != ProbeRequest.NO_RSSI && rssi >= -60) {
            near.add(source);
        }
    }

    static CountingSink read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    static CountingSink read(InputStream in) {
        CountingSink s = new CountingSink();
        PcapReader r = PcapReader.open(in);
        r.readAll(s);
        s.frames = r.frames();
        s.malformed = r.malformed();
        s.readerProbes = r.probeRequests();
        return s;
    }
}
