package io.footfall.hal.wifi.pcap;

import io.footfall.hal.HalException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;

/**
 * A streaming reader of pcap (either byte order, micro- or nanosecond timestamps) and pcapng
 * (section header, interface description, enhanced, simple and obsolete packet blocks, either byte
 * order, one link type per interface) carrying 802.11 frames with a radiotap header, a PPI header
 * or none. Probe requests go to a {@link ProbeSink} as primitives; nothing is allocated per record.
 *
 * <p>Survives anything after the file header: a record that makes no sense is counted in
 * {@link #malformed()} and skipped (pcap resynchronises on the next plausible record header,
 * pcapng on the next block whose leading and trailing lengths agree); a record longer than
 * {@link #MAX_RECORD} is malformed, never buffered; a stream that ends inside a record ends the
 * read cleanly with that record counted as malformed. Only a stream that is not a capture at all
 * raises {@link PcapFormatException}, from {@link #open(InputStream)}.
 *
 * <p>Counting follows tshark 4.0: every complete record is a frame; a probe request is an 802.11
 * frame of protocol version 0, type 0 / subtype 4, retries included; one cut short inside its
 * 24-byte management header is counted as a probe request (as tshark does) and as malformed, but
 * not delivered, having no address; the radiotap FCS flag strips four bytes; the FCS is not
 * checked.
 *
 * <p>Not thread-safe, except the counters, which any thread may read while another reads the stream.
 */
public final class PcapReader {
    /** Records (and pcapng packet blocks, less their own overhead) longer than this are malformed. */
    public static final int MAX_RECORD = 256 * 1024;

    private static final int MAX_BLOCK = MAX_RECORD + 64 * 1024;
    private static final int BUFFER = MAX_BLOCK + 64 * 1024;
    /** How far a resynchronisation scans before it gives up and ends the read. */
    private static final long MAX_RESYNC_BYTES = 64L << 20;
    private static final long MAX_TS_JUMP_SECONDS = 366L * 24 * 3600;

    private static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 1;
    private static final int PB = 2;
    private static final int SPB = 3;
    private static final int NRB = 4;
    private static final int ISB = 5;
    private static final int EPB = 6;
    private static final int DSB = 0x0A;
    private static final int CB = 0xBAD;
    private static final int CB_NOCOPY = 0x40000BAD;

    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L
    };

    private static final VarHandle FRAMES;
    private static final VarHandle PROBES;
    private static final VarHandle MALFORMED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            FRAMES = l.findVarHandle(PcapReader.class, "frames", long.class);
            PROBES = l.findVarHandle(PcapReader.class, "probes", long.class);
            MALFORMED = l.findVarHandle(PcapReader.class, "malformed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final InputStream in;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    private boolean eof;

    private boolean pcapng;
    private boolean bigEndian;
    private boolean nanos;
    private int linkType = -1;
    private int fcsLen;
    private long lastSec = -1;

    private int ifCount;
    private int[] ifLink = new int[4];
    private int[] ifFcs = new int[4];
    private int[] ifSnap = new int[4];
    private int[] ifTsresol = new int[4];

    @SuppressWarnings("unused") // through the VarHandles
    private long frames;
    @SuppressWarnings("unused")
    private long probes;
    @SuppressWarnings("unused")
    private long malformed;

    private PcapReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads the file header (blocking until it has arrived) and returns a reader positioned at the
     * first record.
     *
     * @throws PcapFormatException when the stream is empty, not a pcap/pcapng capture, or its header
     *     is cut short or of an unsupported version
     * @throws HalException when the stream itself cannot be read
     */
    public static PcapReader open(InputStream in) {
        Objects.requireNonNull(in, "in");
        try {
            return openHeader(in);
        } catch (IOException e) {
            throw new HalException("the capture stream could not be read", e);
        }
    }

    private static PcapReader openHeader(InputStream in) throws IOException {
        PcapReader probe = new PcapReader(in);
        if (!probe.ensure(4)) {
            throw new PcapFormatException(probe.lim == 0 ? "empty stream: no capture header" : "capture header cut short");
        }
        int magic = beInt(probe.buf, 0);
        PcapReader r;
        switch (magic) {
            case 0xa1b2c3d4: case 0xd4c3b2a1: case 0xa1b23c4d: case 0x4d3cb2a1:
                r = probe;
                r.bigEndian = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d;
                r.nanos = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
                r.readPcapHeader();
                return r;
            case SHB:
                r = probe;
                r.pcapng = true;
                r.readFirstSection();
                return r;
            default:
                throw new PcapFormatException(String.format("not a pcap or pcapng capture (starts with 0x%08x)", magic));
        }
    }

    private void readPcapHeader() throws IOException {
        if (!ensure(24)) {
            throw new PcapFormatException("pcap file header cut short");
        }
        int major = u16(4);
        if (major != 2) {
            throw new PcapFormatException("unsupported pcap version " + major + "." + u16(6));
        }
        int network = u32(20);
        linkType = network & 0x03FFFFFF;
        if ((network & 0x04000000) != 0) {
            fcsLen = ((network >>> 28) & 0xF) * 2;
        }
        pos = 24;
    }

    private void readFirstSection() throws IOException {
        if (!ensure(12)) {
            throw new PcapFormatException("pcapng section header cut short");
        }
        if (!readByteOrderMagic(pos + 8)) {
            throw new PcapFormatException("pcapng section header without a valid byte-order magic");
        }
        long blen = u32L(pos + 4);
        if (blen < 28 || (blen & 3) != 0 || blen > MAX_BLOCK) {
            throw new PcapFormatException("pcapng section header of impossible length " + blen);
        }
        if (!ensure((int) blen)) {
            throw new PcapFormatException("pcapng section header cut short");
        }
        if (u16(pos + 12) != 1) {
            throw new PcapFormatException("unsupported pcapng version " + u16(pos + 12) + "." + u16(pos + 14));
        }
        pos += (int) blen;
    }

    /**
     * Reads records until the stream ends, passing every probe request to {@code sink}. Returns
     * normally at the end of the stream, also when it ends inside a record.
     *
     * @throws HalException only when the stream itself fails ({@link IOException}); whatever
     *     {@code sink} throws passes through unchanged
     */
    public void readAll(ProbeSink sink) {
        Objects.requireNonNull(sink, "sink");
        try {
            if (pcapng) {
                readPcapng(sink);
            } else {
                readPcap(sink);
            }
        } catch (IOException e) {
            throw new HalException("the capture stream could not be read", e);
        }
    }

    /** Complete records read so far (malformed ones included; a record cut short at the end is not). */
    public long frames() {
        return (long) FRAMES.getOpaque(this);
    }

    /** Probe requests so far: those delivered to the sink and those cut short inside their header. */
    public long probeRequests() {
        return (long) PROBES.getOpaque(this);
    }

    /** Records skipped because they made no sense, including one cut short at the end. */
    public long malformed() {
        return (long) MALFORMED.getOpaque(this);
    }

    /** Describes the format for logs, e.g. {@code pcap, little-endian, microseconds, link type 127}. */
    public String describe() {
        if (pcapng) {
            StringBuilder sb = new StringBuilder("pcapng, ").append(bigEndian ? "big-endian" : "little-endian");
            sb.append(", link types ");
            for (int i = 0; i < ifCount; i++) {
                sb.append(i == 0 ? "" : ",").append(ifLink[i]);
            }
            return ifCount == 0 ? sb.append("(none yet)").toString() : sb.toString();
        }
        return "pcap, " + (bigEndian ? "big-endian" : "little-endian") + ", " + (nanos ? "nanoseconds" : "microseconds")
                + ", link type " + linkType;
    }

    /** The link type of a pcap file, or of the first interface of a pcapng file; -1 when none yet. */
    public int linkType() {
        return pcapng ? (ifCount > 0 ? ifLink[0] : -1) : linkType;
    }

    // ---- pcap ----

    private void readPcap(ProbeSink sink) throws IOException {
        while (true) {
            if (!ensure(16)) {
                endOfStream();
                return;
            }
            long incl = u32L(pos + 8);
            if (incl > MAX_RECORD) {
                countMalformed();
                if (!resyncPcap()) {
                    return;
                }
                continue;
            }
            long sec = u32L(pos);
            long frac = u32L(pos + 4);
            int n = (int) incl;
            if (!ensure(16 + n)) {
                endOfStream();
                return;
            }
            int p = pos;
            lastSec = sec;
            long ts = sec * 1_000_000_000L + (nanos ? frac : frac * 1000L);
            countFrame();
            count(FrameDecoder.decode(linkType, fcsLen, buf, p + 16, n, ts, sink));
            pos = p + 16 + n;
        }
    }

    /** Looks byte by byte for a record header that makes sense and is followed by another one. */
    private boolean resyncPcap() throws IOException {
        pos++;
        for (long scanned = 0; scanned < MAX_RESYNC_BYTES; scanned++, pos++) {
            if (!ensure(16)) {
                pos = lim;
                return false;
            }
            if (plausiblePcapHeader(pos)) {
                int n = (int) u32L(pos + 8);
                if (!ensure(16 + n + 16) || plausiblePcapHeader(pos + 16 + n)) {
                    return true;
                }
            }
        }
        pos = lim;
        return false;
    }

    private boolean plausiblePcapHeader(int p) {
        long sec = u32L(p);
        long frac = u32L(p + 4);
        long incl = u32L(p + 8);
        long orig = u32L(p + 12);
        return incl > 0 && incl <= MAX_RECORD && orig >= incl && orig <= 16L * MAX_RECORD
                && frac < (nanos ? 1_000_000_000L : 1_000_000L)
                && (lastSec < 0 || Math.abs(sec - lastSec) <= MAX_TS_JUMP_SECONDS);
    }

    // ---- pcapng ----

    private void readPcapng(ProbeSink sink) throws IOException {
        while (true) {
            if (!ensure(8)) {
                endOfStream();
                return;
            }
            int type = u32(pos);
            if (type == SHB) {
                if (!ensure(12)) {
                    endOfStream();
                    return;
                }
                if (!readByteOrderMagic(pos + 8)) {
                    countMalformed();
                    if (!resyncPcapng()) {
                        return;
                    }
                    continue;
                }
                type = SHB;
            }
            long blen = u32L(pos + 4);
            if (blen < 12 || (blen & 3) != 0 || (blen > MAX_BLOCK && knownSmallBlock(type))) {
                countMalformed();
                if (!resyncPcapng()) {
                    return;
                }
                continue;
            }
            if (blen > MAX_BLOCK) {
                // a large block we do not read (name resolution, secrets, custom): stream past it
                if (!skip(blen)) {
                    return;
                }
                continue;
            }
            int n = (int) blen;
            if (!ensure(n)) {
                endOfStream();
                return;
            }
            int p = pos;
            if (u32L(p + n - 4) != blen) {
                countMalformed();
                if (!resyncPcapng()) {
                    return;
                }
                continue;
            }
            switch (type) {
                case SHB:
                    ifCount = 0;
                    break;
                case IDB:
                    interfaceDescription(p, n);
                    break;
                case EPB:
                    enhancedPacket(p, n, sink);
                    break;
                case SPB:
                    simplePacket(p, n, sink);
                    break;
                case PB:
                    obsoletePacket(p, n, sink);
                    break;
                default:
                    break;
            }
            pos = p + n;
        }
    }

    private static boolean knownSmallBlock(int type) {
        return type == SHB || type == IDB || type == EPB || type == SPB || type == PB || type == ISB;
    }

    private static boolean knownBlock(int type) {
        return knownSmallBlock(type) || type == NRB || type == DSB || type == CB || type == CB_NOCOPY;
    }

    /** Looks byte by byte for a known block whose leading and trailing lengths agree. */
    private boolean resyncPcapng() throws IOException {
        pos++;
        for (long scanned = 0; scanned < MAX_RESYNC_BYTES; scanned++, pos++) {
            if (!ensure(12)) {
                pos = lim;
                return false;
            }
            int type = u32(pos);
            if (!knownBlock(type)) {
                continue;
            }
            boolean order = bigEndian;
            if (type == SHB && !readByteOrderMagic(pos + 8)) {
                continue;
            }
            long blen = u32L(pos + 4);
            if (blen >= 12 && (blen & 3) == 0 && blen <= MAX_BLOCK) {
                if (!ensure((int) blen)) {
                    return true; // the end of the stream: let the main loop count it cut short
                }
                if (u32L(pos + (int) blen - 4) == blen) {
                    return true;
                }
            }
            bigEndian = order;
        }
        pos = lim;
        return false;
    }

    private boolean readByteOrderMagic(int at) {
        int bom = beInt(buf, at);
        if (bom == 0x1A2B3C4D) {
            bigEndian = true;
            return true;
        }
        if (bom == 0x4D3C2B1A) {
            bigEndian = false;
            return true;
        }
        return false;
    }

    private void interfaceDescription(int p, int n) {
        if (n < 20) {
            countMalformed();
            return;
        }
        if (ifCount == ifLink.length) {
            if (ifCount >= 65536) {
                countMalformed();
                return;
            }
            ifLink = Arrays.copyOf(ifLink, ifCount * 2);
            ifFcs = Arrays.copyOf(ifFcs, ifCount * 2);
            ifSnap = Arrays.copyOf(ifSnap, ifCount * 2);
            ifTsresol = Arrays.copyOf(ifTsresol, ifCount * 2);
        }
        int i = ifCount++;
        ifLink[i] = u16(p + 8);
        ifSnap[i] = u32(p + 12);
        ifFcs[i] = 0;
        ifTsresol[i] = 6;
        int o = p + 16;
        int end = p + n - 4;
        while (o + 4 <= end) {
            int code = u16(o);
            int len = u16(o + 2);
            if (code == 0 || o + 4 + len > end) {
                break;
            }
            if (code == 9 && len >= 1) {
                ifTsresol[i] = buf[o + 4] & 0xff;
            } else if (code == 13 && len >= 1) {
                ifFcs[i] = buf[o + 4] & 0xff;
            }
            o += 4 + ((len + 3) & ~3);
        }
    }

    private void enhancedPacket(int p, int n, ProbeSink sink) {
        countFrame();
        if (n < 32) {
            countMalformed();
            return;
        }
        long ifid = u32L(p + 8);
        long cap = u32L(p + 20);
        if (ifid >= ifCount || cap > n - 32) {
            countMalformed();
            return;
        }
        int i = (int) ifid;
        long ts = tsNanos(ifTsresol[i], (u32L(p + 12) << 32) | u32L(p + 16));
        count(FrameDecoder.decode(ifLink[i], ifFcs[i], buf, p + 28, (int) cap, ts, sink));
    }

    private void simplePacket(int p, int n, ProbeSink sink) {
        countFrame();
        if (n < 16 || ifCount == 0) {
            countMalformed();
            return;
        }
        long cap = Math.min(u32L(p + 8), n - 16);
        if (ifSnap[0] > 0) {
            cap = Math.min(cap, ifSnap[0] & 0xffffffffL);
        }
        count(FrameDecoder.decode(ifLink[0], ifFcs[0], buf, p + 12, (int) cap, 0, sink));
    }

    private void obsoletePacket(int p, int n, ProbeSink sink) {
        countFrame();
        if (n < 32) {
            countMalformed();
            return;
        }
        int ifid = u16(p + 8);
        long cap = u32L(p + 20);
        if (ifid >= ifCount || cap > n - 32) {
            countMalformed();
            return;
        }
        long ts = tsNanos(ifTsresol[ifid], (u32L(p + 12) << 32) | u32L(p + 16));
        count(FrameDecoder.decode(ifLink[ifid], ifFcs[ifid], buf, p + 28, (int) cap, ts, sink));
    }

    /** pcapng if_tsresol: high bit clear, 10^-k seconds per tick; set, 2^-k. */
    static long tsNanos(int tsresol, long ticks) {
        int k = tsresol & 0x7f;
        if ((tsresol & 0x80) == 0) {
            if (k <= 9) {
                return ticks * POW10[9 - k];
            }
            return k - 9 < POW10.length ? Long.divideUnsigned(ticks, POW10[k - 9]) : 0;
        }
        if (k == 0) {
            return ticks * 1_000_000_000L;
        }
        if (k >= 64) {
            return 0;
        }
        long sec = ticks >>> k;
        long frac = ticks & ((1L << k) - 1);
        long fracNanos = k <= 33 ? (frac * 1_000_000_000L) >>> k : (long) Math.scalb((double) frac * 1e9, -k);
        return sec * 1_000_000_000L + fracNanos;
    }

    // ---- buffer ----

    /** Makes {@code n} bytes available at {@code pos} (n never exceeds the buffer); false at the end of the stream. */
    private boolean ensure(int n) throws IOException {
        if (lim - pos >= n) {
            return true;
        }
        if (pos + n > buf.length) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        while (lim - pos < n) {
            if (eof) {
                return false;
            }
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
                return false;
            }
            lim += r;
        }
        return true;
    }

    /** Discards {@code n} bytes from the stream; false when it ends first. */
    private boolean skip(long n) throws IOException {
        while (n > 0) {
            if (pos == lim) {
                pos = 0;
                lim = 0;
                if (!ensure(1)) {
                    return false;
                }
            }
            int take = (int) Math.min(n, lim - pos);
            pos += take;
            n -= take;
        }
        return true;
    }

    /** The stream ended; bytes left over are a record cut short. */
    private void endOfStream() {
        if (lim > pos) {
            countMalformed();
            pos = lim;
        }
    }

    private void count(int result) {
        if (result == FrameDecoder.PROBE) {
            PROBES.setOpaque(this, probes + 1);
        } else if (result == FrameDecoder.MALFORMED) {
            countMalformed();
        } else if (result == FrameDecoder.PROBE_MALFORMED) {
            PROBES.setOpaque(this, probes + 1);
            countMalformed();
        }
    }

    private void countFrame() {
        FRAMES.setOpaque(this, frames + 1);
    }

    private void countMalformed() {
        MALFORMED.setOpaque(this, malformed + 1);
    }

    private int u16(int i) {
        return bigEndian ? (buf[i] & 0xff) << 8 | (buf[i + 1] & 0xff) : (buf[i] & 0xff) | (buf[i + 1] & 0xff) << 8;
    }

    private int u32(int i) {
        return bigEndian ? beInt(buf, i) : FrameDecoder.i32le(buf, i);
    }

    private long u32L(int i) {
        return u32(i) & 0xffffffffL;
    }

    private static int beInt(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }
}
