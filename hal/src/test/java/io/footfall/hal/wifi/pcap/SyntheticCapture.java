package io.footfall.hal.wifi.pcap;

import io.footfall.hal.wifi.ProbeRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Writes seeded captures with known contents: probe requests from a population of devices (most of
 * them randomising), mixed with beacons, probe responses, data and control frames, under radio
 * headers of every shape the writer can make. The truth comes from what was written, not read.
 */
final class SyntheticCapture {
    /** What was written. {@code sources} are addr2 of the probe requests; never printed. */
    record Truth(long frames, long probes, Set<Long> sources, long locallyAdministered, long devicesAtOrAbove60) {}

    /** Radio header variety. */
    enum Radios { SIMPLE, MIXED }

    private SyntheticCapture() {}

    static Truth write(Path file, PcapWriter.Format format, int frames, long seed, Radios radios) throws IOException {
        try (OutputStream os = Files.newOutputStream(file)) {
            return write(os, format, frames, seed, radios, true);
        }
    }

    /**
     * @param shortProbes mix in probe requests cut short inside their header (tshark counts them
     *     and prints an empty address, which its {@code sort -u | wc -l} pipeline counts as a device)
     */
    static Truth write(OutputStream os, PcapWriter.Format format, int frames, long seed, Radios radios, boolean shortProbes) {
        Random rnd = new Random(seed);
        int population = Math.max(10, Math.min(5000, frames / 20));
        long[] devices = new long[population];
        for (int i = 0; i < population; i++) {
            long mac = rnd.nextLong() & 0xFFFF_FFFF_FFFFL;
            mac &= ~(0x01L << 40); // unicast
            if (rnd.nextInt(10) < 7) {
                mac |= 0x02L << 40; // locally administered: randomised
            } else {
                mac &= ~(0x02L << 40);
            }
            devices[i] = mac;
        }
        byte[][] ieSets = {
            InformationElements.builder().ssid("").supportedRates(0x82, 0x84, 0x8b, 0x96).extendedRates(0x0c, 0x12, 0x18)
                    .htCapabilities(new byte[26]).vendor(0x0050f2, 8, new byte[] {0, 0x10, 0}).build(),
            InformationElements.builder().ssid("kortrijk-free-wifi").supportedRates(2, 4, 11, 22).build(),
            InformationElements.builder().ssid("").supportedRates(0x82, 0x84).extendedCapabilities(new byte[] {0, 0, 8, 0, 0, 0, 0, 0x40})
                    .vendor(0x001018, 2, new byte[] {0, 0x10, 0, 0}).build(),
            new byte[0],
        };
        Set<Long> sources = new HashSet<>();
        Set<Long> near = new HashSet<>();
        long probes = 0;
        long t = 1_700_000_000_000_000_000L;
        try (PcapWriter w = new PcapWriter(nonClosing(os), format)) {
            for (int i = 0; i < frames; i++) {
                t += 1_000L + rnd.nextInt(2_000_000);
                PcapWriter.Radio radio = radio(rnd, radios);
                int kind = rnd.nextInt(100);
                if (kind < 60) {
                    long src = devices[rnd.nextInt(population)];
                    w.writeProbe(t, new PcapWriter.ProbeFrame(src, rnd.nextInt(4096), rnd.nextInt(10) == 0,
                            ieSets[rnd.nextInt(ieSets.length)]), radio);
                    probes++;
                    sources.add(src);
                    if (radio.rssiDbm() != ProbeRequest.NO_RSSI && radio.rssiDbm() >= -60
                            && format.linkType() != LinkType.IEEE802_11) {
                        near.add(src);
                    }
                } else if (kind < 62 && shortProbes) {
                    // a probe request cut short inside its header: counted, no address. Without FCS:
                    // with one, tshark reads the missing header bytes from the FCS and reports an address.
                    byte[] f = new byte[2 + rnd.nextInt(22)];
                    f[0] = 0x40;
                    w.writeFrame(t, f, 0, f.length, PcapWriter.Radio.signal(radio.rssiDbm()));
                    probes++;
                } else {
                    byte[] f = otherFrame(rnd, kind, devices);
                    w.writeFrame(t, f, 0, f.length, radio);
                }
            }
        }
        long la = sources.stream().filter(s -> ((s >>> 40) & 0x02) != 0).count();
        return new Truth(frames, probes, sources, la, near.size());
    }

    private static PcapWriter.Radio radio(Random rnd, Radios radios) {
        int rssi = rnd.nextInt(10) == 0 ? ProbeRequest.NO_RSSI : -95 + rnd.nextInt(75);
        if (radios == Radios.SIMPLE) {
            return PcapWriter.Radio.signal(rssi);
        }
        boolean fcs = rnd.nextInt(3) == 0;
        return new PcapWriter.Radio(rssi, fcs, fcs && rnd.nextInt(3) == 0, rnd.nextBoolean(), rnd.nextBoolean(),
                rnd.nextInt(3), rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(9) : 0);
    }

    /** Beacons, probe responses, data and ACKs: frames that are not probe requests. */
    private static byte[] otherFrame(Random rnd, int kind, long[] devices) {
        byte[] f;
        if (kind < 90) {
            f = new byte[24 + 12 + rnd.nextInt(40)];
            int[] fc0 = {0x80, 0x50, 0x08, 0x88, 0xb0, 0x00, 0x40 | 0x01 /* version 1 */};
            f[0] = (byte) fc0[rnd.nextInt(fc0.length)];
            long src = devices[rnd.nextInt(devices.length)];
            for (int i = 0; i < 6; i++) {
                f[4 + i] = (byte) rnd.nextInt(256);
                f[10 + i] = (byte) (src >>> (40 - 8 * i));
            }
        } else {
            f = new byte[10];
            f[0] = (byte) 0xd4; // ACK
        }
        return f;
    }

    private static OutputStream nonClosing(OutputStream os) {
        return new java.io.FilterOutputStream(os) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
