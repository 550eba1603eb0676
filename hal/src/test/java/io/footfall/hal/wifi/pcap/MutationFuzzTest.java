package io.footfall.hal.wifi.pcap;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded mutation fuzzer over real and written captures: bit flips, interesting values, length
 * fields corrupted, chunks deleted, duplicated and spliced, truncation; read through a pipe-like
 * stream that hands out random small pieces. Bounded by iteration count (a few seconds here), so
 * the suite is reproducible; {@code -Dfootfall.fuzz.iterations=N} runs longer.
 *
 * <p>Whatever comes in, {@link PcapReader#open} either returns or throws
 * {@link PcapFormatException}, and {@link PcapReader#readAll} returns normally.
 */
class MutationFuzzTest {
    private static final int[] INTERESTING_32 = {0, 1, -1, 0x7FFFFFFF, 0x80000000, 0x40000, 0x3FFFF, 0x40001, 12, 16, 24, 28, 0xFFFF};
    private static final byte[] INTERESTING_8 = {0, 1, (byte) 0x7F, (byte) 0x80, (byte) 0xFF, 0x40, (byte) 0x10, (byte) 0x20};

    @TempDir
    Path dir;

    @Test
    void no_mutated_capture_makes_the_parser_throw_hang_or_run_out_of_memory() throws Exception {
        List<byte[]> seeds = seeds();
        int iterations = Integer.getInteger("footfall.fuzz.iterations", 30_000);
        long[] stats = new long[3];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random rnd = new Random(20261122);
            for (int i = 0; i < iterations; i++) {
                byte[] input = mutate(seeds, rnd);
                InputStream in = (i & 1) == 0 ? new ByteArrayInputStream(input) : new ChoppyInputStream(input, i);
                PcapReader r;
                try {
                    r = PcapReader.open(in);
                } catch (PcapFormatException e) {
                    stats[0]++;
                    continue;
                }
                long[] delivered = new long[1];
                try {
                    r.readAll((ts, s, rssi, q, f, x) -> {
                        if ((s >>> 48) != 0 || q < 0 || q > 4095 || (rssi != Integer.MIN_VALUE && (rssi < -128 || rssi > 127))) {
                            throw new AssertionError("impossible probe values");
                        }
                        delivered[0]++;
                    });
                } catch (RuntimeException e) {
                    fail("iteration " + i + ": readAll threw", e);
                }
                assertTrue(delivered[0] <= r.probeRequests() && r.probeRequests() <= r.frames(), "iteration " + i);
                stats[1] += r.malformed();
                stats[2] += delivered[0];
            }
        });
        // the fuzzer must reach the record loop most of the time, and find both damage and probes
        assertTrue(stats[0] < iterations / 4, "too many mutants rejected at the header: " + stats[0]);
        assertTrue(stats[1] > 0 && stats[2] > 0);
    }

    /**
     * The reader's buffer is larger than any record, so a decoder reading past its record would go
     * unnoticed above; here each mutated record sits in an array of exactly its size, under every
     * link type, so any read outside it throws.
     */
    @Test
    void no_mutated_record_is_read_outside_its_bounds() throws Exception {
        List<byte[]> records = new ArrayList<>();
        for (byte[] seed : seeds()) {
            PcapReader probe;
            try {
                probe = PcapReader.open(new ByteArrayInputStream(seed));
            } catch (PcapFormatException e) {
                continue;
            }
            if (probe.describe().startsWith("pcap, little")) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(seed).order(ByteOrder.LITTLE_ENDIAN);
                for (int p = 24; p + 16 <= seed.length && p + 16 + b.getInt(p + 8) <= seed.length; p += 16 + b.getInt(p + 8)) {
                    records.add(Arrays.copyOfRange(seed, p + 16, p + 16 + b.getInt(p + 8)));
                }
            }
        }
        int iterations = Integer.getInteger("footfall.fuzz.iterations", 30_000) * 4;
        int[] linkTypes = {LinkType.IEEE802_11_RADIOTAP, LinkType.PPI, LinkType.IEEE802_11};
        Random rnd = new Random(42);
        long probes = 0;
        for (int i = 0; i < iterations; i++) {
            byte[] rec = mutate(records, rnd, 0);
            for (int lt : linkTypes) {
                try {
                    if (FrameDecoder.decode(lt, i % 3 == 0 ? 4 : 0, rec, 0, rec.length, 0, (ts, s, r, q, f, x) -> {}) == FrameDecoder.PROBE) {
                        probes++;
                    }
                } catch (RuntimeException e) {
                    fail("iteration " + i + ", link type " + lt + ": decoder threw", e);
                }
            }
        }
        assertTrue(probes > 0);
    }

    private List<byte[]> seeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        Path pcaps = RealCapturesTest.pcaps();
        try (var files = Files.list(pcaps)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.toString().endsWith("cap")) {
                    seeds.add(Files.readAllBytes(p));
                }
            }
        }
        for (PcapWriter.Format f : List.of(PcapWriter.Format.radiotap(),
                new PcapWriter.Format(LinkType.PPI, ByteOrder.BIG_ENDIAN, true),
                new PcapWriter.Format(LinkType.IEEE802_11, ByteOrder.LITTLE_ENDIAN, false))) {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            SyntheticCapture.write(bos, f, 60, seeds.size(), SyntheticCapture.Radios.MIXED, true);
            seeds.add(bos.toByteArray());
        }
        Path pcap = dir.resolve("s.pcap");
        Files.write(pcap, seeds.get(seeds.size() - 3));
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            Path ng = dir.resolve("s.pcapng");
            PcapngTestWriter.convert(pcap, ng, order, order == ByteOrder.BIG_ENDIAN);
            seeds.add(Files.readAllBytes(ng));
        }
        return seeds;
    }

    static byte[] mutate(List<byte[]> seeds, Random rnd) {
        return mutate(seeds, rnd, 8);
    }

    /** @param keep the first bytes are left alone seven times out of eight (a file's magic) */
    static byte[] mutate(List<byte[]> seeds, Random rnd, int keep) {
        byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
        int rounds = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 32 : 4);
        for (int r = 0; r < rounds && b.length > 0; r++) {
            // keep the magic intact most of the time so that mutants reach the record loop
            int lo = rnd.nextInt(8) == 0 ? 0 : Math.min(keep, b.length - 1);
            int at = lo + rnd.nextInt(Math.max(1, b.length - lo));
            switch (rnd.nextInt(8)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[at] = INTERESTING_8[rnd.nextInt(INTERESTING_8.length)];
                case 2 -> {
                    if (at + 4 <= b.length) {
                        int v = INTERESTING_32[rnd.nextInt(INTERESTING_32.length)];
                        boolean le = rnd.nextBoolean();
                        for (int i = 0; i < 4; i++) {
                            b[at + i] = (byte) (le ? v >>> (8 * i) : v >>> (24 - 8 * i));
                        }
                    }
                }
                case 3 -> b = Arrays.copyOf(b, at); // truncate
                case 4 -> { // delete a chunk
                    int n = Math.min(b.length - at, 1 + rnd.nextInt(64));
                    byte[] c = new byte[b.length - n];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + n, c, at, b.length - at - n);
                    b = c;
                }
                case 5 -> { // duplicate a chunk
                    int n = Math.min(b.length - at, 1 + rnd.nextInt(256));
                    byte[] c = new byte[b.length + n];
                    System.arraycopy(b, 0, c, 0, at + n);
                    System.arraycopy(b, at, c, at + n, b.length - at);
                    b = c;
                }
                case 6 -> { // splice the tail of another seed
                    byte[] o = seeds.get(rnd.nextInt(seeds.size()));
                    int from = rnd.nextInt(o.length);
                    byte[] c = Arrays.copyOf(b, at + (o.length - from));
                    System.arraycopy(o, from, c, at, o.length - from);
                    b = c;
                }
                default -> { // random bytes over a stretch
                    int n = Math.min(b.length - at, 1 + rnd.nextInt(16));
                    for (int i = 0; i < n; i++) {
                        b[at + i] = (byte) rnd.nextInt(256);
                    }
                }
            }
        }
        return b;
    }
}
