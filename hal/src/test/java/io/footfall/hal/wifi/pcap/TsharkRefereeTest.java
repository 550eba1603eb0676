package io.footfall.hal.wifi.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tshark is the independent referee: on captures the parser has never seen, written with odd
 * radiotap lengths, chained bitmaps, vendor namespaces, good and bad FCS, PPI, plain 802.11,
 * either byte order, nanoseconds and pcapng, the parser's probe-request and device counts equal
 * tshark's and the writer's own truth.
 */
class TsharkRefereeTest {
    private static final int FRAMES = 4000;

    @TempDir
    Path dir;

    @Test
    void radiotap_with_every_header_shape_counts_like_tshark() throws Exception {
        Path f = dir.resolve("mixed.pcap");
        SyntheticCapture.Truth truth = SyntheticCapture.write(f, PcapWriter.Format.radiotap(), FRAMES, 1, SyntheticCapture.Radios.MIXED);
        CountingSink ours = agree(f, truth, 0);
        Tshark.Verdict near = Tshark.probes(f, "radiotap.dbm_antsignal >= -60");
        assertEquals(near.devices(), ours.near.size(), "devices at or above -60 dBm");
        assertEquals(truth.devicesAtOrAbove60(), ours.near.size());
    }

    @Test
    void big_endian_nanosecond_radiotap_counts_like_tshark() throws Exception {
        Path f = dir.resolve("be-ns.pcap");
        SyntheticCapture.Truth truth = SyntheticCapture.write(f,
                new PcapWriter.Format(LinkType.IEEE802_11_RADIOTAP, ByteOrder.BIG_ENDIAN, true), FRAMES, 2, SyntheticCapture.Radios.MIXED);
        agree(f, truth, 0);
    }

    @Test
    void ppi_counts_like_tshark() throws Exception {
        Path f = dir.resolve("ppi.pcap");
        SyntheticCapture.Truth truth = SyntheticCapture.write(f,
                new PcapWriter.Format(LinkType.PPI, ByteOrder.LITTLE_ENDIAN, false), FRAMES, 3, SyntheticCapture.Radios.MIXED);
        CountingSink ours = agree(f, truth, 0);
        Tshark.Verdict near = Tshark.probes(f, "ppi.80211-common.dbm.antsignal >= -60");
        assertEquals(near.devices(), ours.near.size(), "devices at or above -60 dBm");
    }

    @Test
    void plain_80211_counts_like_tshark() throws Exception {
        Path f = dir.resolve("plain.pcap");
        SyntheticCapture.Truth truth = SyntheticCapture.write(f,
                new PcapWriter.Format(LinkType.IEEE802_11, ByteOrder.LITTLE_ENDIAN, false), FRAMES, 4, SyntheticCapture.Radios.SIMPLE);
        agree(f, truth, 0);
    }

    @Test
    void pcapng_from_editcap_counts_like_tshark() throws Exception {
        Path f = dir.resolve("src.pcap");
        SyntheticCapture.Truth truth = SyntheticCapture.write(f, PcapWriter.Format.radiotap(), FRAMES, 5, SyntheticCapture.Radios.MIXED);
        agree(Tshark.editcap(f, dir.resolve("out.pcapng"), "-F", "pcapng"), truth, 0);
    }

    @Test
    void nanosecond_pcap_from_editcap_counts_like_tshark() throws Exception {
        Path f = dir.resolve("src.pcap");
        SyntheticCapture.Truth truth = SyntheticCapture.write(f, PcapWriter.Format.radiotap(), FRAMES, 6, SyntheticCapture.Radios.MIXED);
        agree(Tshark.editcap(f, dir.resolve("out-ns.pcap"), "-F", "nseclibpcap"), truth, 0);
    }

    @Test
    void pcapng_with_two_link_types_from_mergecap_counts_like_tshark() throws Exception {
        Path a = dir.resolve("a.pcap");
        Path b = dir.resolve("b.pcap");
        SyntheticCapture.Truth ta = SyntheticCapture.write(a, PcapWriter.Format.radiotap(), FRAMES / 2, 7, SyntheticCapture.Radios.MIXED);
        SyntheticCapture.Truth tb = SyntheticCapture.write(b,
                new PcapWriter.Format(LinkType.PPI, ByteOrder.LITTLE_ENDIAN, false), FRAMES / 2, 8, SyntheticCapture.Radios.MIXED);
        Tshark.assumeInstalled("mergecap");
        Path m = dir.resolve("merged.pcapng");
        Tshark.run(List.of("mergecap", "-F", "pcapng", "-w", m.toString(), a.toString(), b.toString()));
        CountingSink ours = CountingSink.read(m);
        Tshark.Verdict ref = Tshark.probes(m, "");
        assertEquals(ta.probes() + tb.probes(), ours.readerProbes);
        assertEquals(ref.probes(), ours.readerProbes);
        assertEquals(ref.devices(), ours.sources.size());
        assertEquals(ref.timestampSum(), ours.timestampSum);
    }

    @Test
    void big_endian_pcapng_with_simple_packet_blocks_counts_like_tshark() throws Exception {
        Path f = dir.resolve("src.pcap");
        SyntheticCapture.Truth truth = SyntheticCapture.write(f, PcapWriter.Format.radiotap(), FRAMES, 9, SyntheticCapture.Radios.MIXED);
        Path ng = dir.resolve("be.pcapng");
        PcapngTestWriter.convert(f, ng, ByteOrder.BIG_ENDIAN, false);
        agree(ng, truth, 0);
        Path spb = dir.resolve("spb.pcapng");
        PcapngTestWriter.convert(f, spb, ByteOrder.BIG_ENDIAN, true);
        CountingSink ours = CountingSink.read(spb);
        Tshark.Verdict ref = Tshark.probes(spb, "");
        assertEquals(truth.probes(), ours.readerProbes);
        assertEquals(ref.probes(), ours.readerProbes);
        assertEquals(ref.devices(), ours.sources.size());
    }

    @Test
    void a_record_cut_short_at_the_end_is_counted_malformed_and_the_rest_like_tshark() throws Exception {
        Path f = dir.resolve("cut.pcap");
        SyntheticCapture.write(f, PcapWriter.Format.radiotap(), FRAMES, 10, SyntheticCapture.Radios.MIXED);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() - 7);
        }
        CountingSink ours = CountingSink.read(f);
        Tshark.Verdict ref = Tshark.probes(f, "");
        assertEquals(FRAMES - 1, ours.frames);
        assertEquals(1, ours.malformed - shortProbes(f, ref), "the cut record");
        assertEquals(ref.probes(), ours.readerProbes);
        assertEquals(ref.devices(), ours.sources.size());
    }

    /** Probe requests cut short inside their header, which the writer mixes in on purpose. */
    private static long shortProbes(Path f, Tshark.Verdict all) {
        return all.withoutAddress();
    }

    private CountingSink agree(Path f, SyntheticCapture.Truth truth, long expectedMalformedBeyondShortProbes) throws Exception {
        CountingSink ours = CountingSink.read(f);
        Tshark.Verdict ref = Tshark.probes(f, "");
        assertTrue(truth.probes() > FRAMES / 3, "enough probe requests to be a test");
        assertEquals(truth.frames(), ours.frames, "frames");
        assertEquals(truth.probes(), ref.probes(), "tshark agrees with the writer");
        assertEquals(ref.probes(), ours.readerProbes, "probe requests");
        assertEquals(ref.devices(), ours.sources.size(), "distinct sources");
        assertEquals(truth.sources().size(), ours.sources.size(), "distinct sources written");
        assertEquals(ref.locallyAdministered(), ours.locallyAdministered, "locally administered");
        assertEquals(ref.timestampSum(), ours.timestampSum, "timestamps");
        assertEquals(expectedMalformedBeyondShortProbes, ours.malformed - shortProbes(f, ref), "malformed");
        return ours;
    }
}
