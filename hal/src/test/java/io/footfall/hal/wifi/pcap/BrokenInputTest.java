package io.footfall.hal.wifi.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.hal.FootfallException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken input is counted, skipped or refused with a clear message: never thrown, hung on or buffered without bound. */
class BrokenInputTest {
    @TempDir
    Path dir;

    private static final ProbeSink IGNORE = (ts, s, r, q, f, x) -> {};

    @Test
    void garbage_instead_of_a_header_is_a_clear_format_error() {
        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        junk[0] = 0x13;
        PcapFormatException e = assertThrows(PcapFormatException.class, () -> PcapReader.open(new ByteArrayInputStream(junk)));
        assertTrue(e.getMessage().startsWith("not a pcap or pcapng capture"), e.getMessage());
        assertTrue(FootfallException.class.isInstance(e));
    }

    @Test
    void an_empty_stream_or_a_header_cut_short_is_a_format_error() {
        assertThrows(PcapFormatException.class, () -> PcapReader.open(new ByteArrayInputStream(new byte[0])));
        byte[] cut = {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4};
        PcapFormatException e = assertThrows(PcapFormatException.class, () -> PcapReader.open(new ByteArrayInputStream(cut)));
        assertTrue(e.getMessage().contains("cut short"), e.getMessage());
    }

    @Test
    void a_huge_record_length_is_malformed_and_reading_resumes_at_the_next_record() {
        byte[] cap = probes(100);
        int third = recordOffset(cap, 50);
        ByteBuffer.wrap(cap).order(ByteOrder.LITTLE_ENDIAN).putInt(third + 8, 0x7FFF_FFF0);
        CountingSink s = CountingSink.read(new ByteArrayInputStream(cap));
        assertEquals(1, s.malformed);
        assertEquals(99, s.probes);
        assertEquals(99, s.frames);
    }

    @Test
    void a_length_that_points_into_the_middle_of_a_frame_loses_only_that_record() {
        byte[] cap = probes(100);
        int at = recordOffset(cap, 20);
        ByteBuffer b = ByteBuffer.wrap(cap).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(at + 8, b.getInt(at + 8) + 1_000_000);
        CountingSink s = CountingSink.read(new ChoppyInputStream(cap, 3));
        assertEquals(1, s.malformed);
        assertEquals(99, s.probes);
    }

    @Test
    void pcapng_block_with_a_garbage_length_is_skipped_and_the_next_block_read() throws Exception {
        Path pcap = dir.resolve("a.pcap");
        Files.write(pcap, probes(40));
        Path ng = dir.resolve("a.pcapng");
        PcapngTestWriter.convert(pcap, ng, ByteOrder.LITTLE_ENDIAN, false);
        byte[] b = Files.readAllBytes(ng);
        // the 10th enhanced packet block: find it by walking blocks
        int p = 0;
        int epb = 0;
        while (true) {
            int type = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(p);
            int len = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(p + 4);
            if (type == 6 && ++epb == 10) {
                break;
            }
            p += len;
        }
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(p + 4, 0xFFFF_FFF0);
        CountingSink s = CountingSink.read(new ByteArrayInputStream(b));
        assertEquals(1, s.malformed);
        assertEquals(39, s.probes);
    }

    @Test
    void thirty_two_megabytes_of_random_bytes_after_a_valid_header_neither_throw_nor_hang_nor_buffer() {
        byte[] garbage = new byte[1 << 20];
        Random rnd = new Random(7);
        long allocated = allocatedBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int round = 0; round < 32; round++) {
                rnd.nextBytes(garbage);
                byte[] hdr = probes(0);
                InputStream in = new java.io.SequenceInputStream(new ByteArrayInputStream(hdr), new ByteArrayInputStream(garbage));
                PcapReader r = PcapReader.open(in);
                r.readAll(IGNORE);
                assertTrue(r.malformed() > 0);
            }
        }));
        // 32 readers with their fixed buffers, no more: well under what 32 MiB of input would cost if copied
        assertTrue(allocated < 32L * 600_000 + (8 << 20), "allocated " + allocated + " bytes");
    }

    @Test
    void reading_a_hundred_thousand_frames_allocates_nothing_per_frame() {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        SyntheticCapture.write(bos, PcapWriter.Format.radiotap(), 100_000, 11, SyntheticCapture.Radios.MIXED, true);
        byte[] cap = bos.toByteArray();
        for (int i = 0; i < 3; i++) { // warm up, so that the JIT's own allocations are done
            PcapReader.open(new ByteArrayInputStream(cap)).readAll(IGNORE);
        }
        long[] probes = new long[1];
        long allocated = allocatedBy(() -> {
            PcapReader r = PcapReader.open(new ByteArrayInputStream(cap));
            r.readAll((ts, s, rssi, q, f, x) -> probes[0]++);
            assertEquals(100_000, r.frames());
        });
        assertTrue(probes[0] > 50_000);
        assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes for 100,000 frames");
    }

    private static long allocatedBy(Runnable r) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        r.run();
        return mx.getThreadAllocatedBytes(id) - before;
    }

    /** A radiotap capture of {@code n} probe requests from distinct sources. */
    static byte[] probes(int n) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(bos)) {
            byte[] ies = InformationElements.builder().ssid("").supportedRates(2, 4, 11, 22).build();
            for (int i = 0; i < n; i++) {
                w.writeProbe(1_700_000_000_000_000_000L + i * 1_000_000L, new PcapWriter.ProbeFrame(0x0200_0000_0000L + i, i, false, ies),
                        new PcapWriter.Radio(-40 - i % 50, i % 3 == 0, false, i % 2 == 0, true, i % 3, i % 5));
            }
        }
        return bos.toByteArray();
    }

    /** Byte offset of record {@code k} (0-based) in a little-endian pcap. */
    static int recordOffset(byte[] cap, int k) {
        ByteBuffer b = ByteBuffer.wrap(cap).order(ByteOrder.LITTLE_ENDIAN);
        int p = 24;
        for (int i = 0; i < k; i++) {
            p += 16 + b.getInt(p + 8);
        }
        return p;
    }
}
