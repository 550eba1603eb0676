package io.footfall.hal.wifi.pcap;

import io.footfall.hal.HalException;
import io.footfall.hal.wifi.ProbeRequest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Writes a pcap stream of 802.11 frames, with a radiotap header (link type 127), a PPI header
 * (192) or none (105), for the simulator and for tests that need captures with known contents:
 * odd radiotap lengths, chained presence bitmaps, vendor namespaces, bad checksums. Records are
 * written whole; to cut one short, truncate the bytes afterwards.
 */
public final class PcapWriter implements AutoCloseable {
    /**
     * @param linkType {@link LinkType#IEEE802_11_RADIOTAP}, {@link LinkType#PPI} or {@link LinkType#IEEE802_11}
     * @param order byte order of the file and record headers (radio headers are always little-endian)
     * @param nanosecond nanosecond timestamps (magic 0xa1b23c4d) instead of microseconds
     */
    public record Format(int linkType, ByteOrder order, boolean nanosecond) {
        public Format {
            if (!LinkType.supported(linkType)) {
                throw new IllegalArgumentException("link type must be 105, 127 or 192: " + linkType);
            }
            Objects.requireNonNull(order, "order");
        }

        /** Little-endian, microseconds, radiotap: what tcpdump writes on a monitor interface. */
        public static Format radiotap() {
            return new Format(LinkType.IEEE802_11_RADIOTAP, ByteOrder.LITTLE_ENDIAN, false);
        }
    }

    /**
     * How the radio header of one frame looks.
     *
     * @param rssiDbm antenna signal, or {@link ProbeRequest#NO_RSSI} to leave the field out
     * @param fcs append a frame check sequence and say so (radiotap flags, PPI 802.11-common flags);
     *     ignored for link type 105
     * @param badFcs make that FCS wrong (and, in radiotap, set the bad-FCS flag)
     * @param tsft radiotap: include the 8-byte, 8-aligned TSFT field
     * @param channel radiotap: include the 2-aligned channel field
     * @param extraPresenceWords radiotap: chain this many extra presence bitmaps (bit 31)
     * @param vendorNamespaceBytes radiotap: when positive, add a vendor namespace carrying this
     *     many bytes of vendor data (an odd number gives an odd header length)
     */
    public record Radio(int rssiDbm, boolean fcs, boolean badFcs, boolean tsft, boolean channel,
            int extraPresenceWords, int vendorNamespaceBytes) {
        public Radio {
            if (rssiDbm != ProbeRequest.NO_RSSI && (rssiDbm < -128 || rssiDbm > 127)) {
                throw new IllegalArgumentException("rssiDbm must fit a signed byte: " + rssiDbm);
            }
            if (extraPresenceWords < 0 || extraPresenceWords > 8 || vendorNamespaceBytes < 0 || vendorNamespaceBytes > 1024) {
                throw new IllegalArgumentException("extraPresenceWords 0-8, vendorNamespaceBytes 0-1024");
            }
        }

        /** Flags and antenna signal only: an 11-byte radiotap header (odd). */
        public static Radio signal(int rssiDbm) {
            return new Radio(rssiDbm, false, false, false, false, 0, 0);
        }
    }

    /**
     * A probe request to write.
     *
     * @param source addr2 in the low 48 bits
     * @param seqNo sequence number 0-4095
     * @param ies the information elements, see {@link InformationElements}
     */
    public record ProbeFrame(long source, int seqNo, boolean retry, byte[] ies) {
        public ProbeFrame {
            if ((source >>> 48) != 0 || seqNo < 0 || seqNo > 4095) {
                throw new IllegalArgumentException("source is 48 bits, seqNo 0-4095");
            }
            ies = ies.clone();
        }

        @Override
        public byte[] ies() {
            return ies.clone();
        }

        @Override
        public String toString() {
            return "ProbeFrame[seqNo=" + seqNo + ", retry=" + retry + ", ies=" + ies.length + " bytes]";
        }
    }

    private final OutputStream out;
    private final Format format;
    private final boolean big;
    private final byte[] rec = new byte[PcapReader.MAX_RECORD + 2048];
    private final byte[] hdr = new byte[16];
    private final CRC32 crc = new CRC32();

    /** Writes the file header at once. */
    public PcapWriter(OutputStream out, Format format) {
        this.out = new BufferedOutputStream(Objects.requireNonNull(out, "out"), 1 << 16);
        this.format = Objects.requireNonNull(format, "format");
        this.big = format.order() == ByteOrder.BIG_ENDIAN;
        byte[] h = new byte[24];
        put32(h, 0, format.nanosecond() ? 0xa1b23c4d : 0xa1b2c3d4);
        put16(h, 4, 2);
        put16(h, 6, 4);
        put32(h, 16, 65535);
        put32(h, 20, format.linkType());
        write(h, 0, 24);
    }

    public PcapWriter(OutputStream out) {
        this(out, Format.radiotap());
    }

    /** Writes one probe request frame (broadcast addr1 and addr3) under a radio header. */
    public void writeProbe(long timestampNanos, ProbeFrame probe, Radio radio) {
        byte[] ies = probe.ies;
        byte[] f = new byte[24 + ies.length];
        f[0] = 0x40;
        f[1] = (byte) (probe.retry() ? 0x08 : 0);
        for (int i = 0; i < 6; i++) {
            f[4 + i] = (byte) 0xff;
            f[16 + i] = (byte) 0xff;
            f[10 + i] = (byte) (probe.source() >>> (40 - 8 * i));
        }
        f[22] = (byte) (probe.seqNo() << 4);
        f[23] = (byte) (probe.seqNo() >>> 4);
        System.arraycopy(ies, 0, f, 24, ies.length);
        writeFrame(timestampNanos, f, 0, f.length, radio);
    }

    /** Writes any 802.11 frame (without FCS; the radio decides whether one is appended). */
    public void writeFrame(long timestampNanos, byte[] frame, int off, int len, Radio radio) {
        int n;
        switch (format.linkType()) {
            case LinkType.IEEE802_11_RADIOTAP:
                n = radiotapHeader(radio);
                break;
            case LinkType.PPI:
                n = ppiHeader(radio);
                break;
            default:
                n = 0;
        }
        if (n + len + 4 > rec.length) {
            throw new IllegalArgumentException("frame too long for one record");
        }
        System.arraycopy(frame, off, rec, n, len);
        n += len;
        if (radio.fcs() && format.linkType() != LinkType.IEEE802_11) {
            crc.reset();
            crc.update(frame, off, len);
            int v = (int) crc.getValue() ^ (radio.badFcs() ? 0x5a5a5a5a : 0);
            rec[n] = (byte) v;
            rec[n + 1] = (byte) (v >>> 8);
            rec[n + 2] = (byte) (v >>> 16);
            rec[n + 3] = (byte) (v >>> 24);
            n += 4;
        }
        writeRecord(timestampNanos, rec, 0, n, n);
    }

    /** Writes a record of raw bytes (radio header included) as given, for captures with deliberate damage. */
    public void writeRecord(long timestampNanos, byte[] data, int off, int len, int origLen) {
        long sec = Math.floorDiv(timestampNanos, 1_000_000_000L);
        long frac = Math.floorMod(timestampNanos, 1_000_000_000L);
        put32(hdr, 0, (int) sec);
        put32(hdr, 4, (int) (format.nanosecond() ? frac : frac / 1000));
        put32(hdr, 8, len);
        put32(hdr, 12, origLen);
        write(hdr, 0, 16);
        write(data, off, len);
    }

    private int radiotapHeader(Radio r) {
        int words = 1 + r.extraPresenceWords() + (r.vendorNamespaceBytes() > 0 ? 1 : 0);
        int p = 4 + 4 * words;
        int first = 1 << 1; // flags
        if (r.tsft()) {
            first |= 1;
        }
        if (r.channel()) {
            first |= 1 << 3;
        }
        if (r.rssiDbm() != ProbeRequest.NO_RSSI) {
            first |= 1 << 5;
        }
        int[] bitmaps = new int[words];
        bitmaps[0] = first;
        for (int i = 0; i < r.extraPresenceWords(); i++) {
            // radiotap namespace continued: bit 31 on the previous word; the extra words carry no fields
            bitmaps[i] |= 1 << 31;
        }
        if (r.vendorNamespaceBytes() > 0) {
            bitmaps[words - 2] |= (1 << 31) | (1 << 30);
            bitmaps[words - 1] = 1; // one vendor field, skipped by skip_length
        }
        if (r.tsft()) {
            p = (p + 7) & ~7;
            for (int i = 0; i < 8; i++) {
                rec[p + i] = (byte) (0x11 * i);
            }
            p += 8;
        }
        rec[p++] = (byte) ((r.fcs() ? 0x10 : 0) | (r.fcs() && r.badFcs() ? 0x40 : 0));
        if (r.channel()) {
            if ((p & 1) != 0) {
                rec[p++] = 0;
            }
            rec[p] = (byte) (2437 & 0xff);
            rec[p + 1] = (byte) (2437 >>> 8);
            rec[p + 2] = (byte) 0xa0;
            rec[p + 3] = 0;
            p += 4;
        }
        if (r.rssiDbm() != ProbeRequest.NO_RSSI) {
            rec[p++] = (byte) r.rssiDbm();
        }
        if (r.vendorNamespaceBytes() > 0) {
            if ((p & 1) != 0) {
                rec[p++] = 0;
            }
            rec[p] = 0x00; // OUI 00:11:22 (made up), sub-namespace 0
            rec[p + 1] = 0x11;
            rec[p + 2] = 0x22;
            rec[p + 3] = 0;
            rec[p + 4] = (byte) r.vendorNamespaceBytes();
            rec[p + 5] = (byte) (r.vendorNamespaceBytes() >>> 8);
            p += 6;
            for (int i = 0; i < r.vendorNamespaceBytes(); i++) {
                rec[p++] = (byte) (0xA5 ^ i);
            }
        }
        rec[0] = 0;
        rec[1] = 0;
        rec[2] = (byte) p;
        rec[3] = (byte) (p >>> 8);
        for (int i = 0; i < words; i++) {
            int v = bitmaps[i];
            rec[4 + 4 * i] = (byte) v;
            rec[5 + 4 * i] = (byte) (v >>> 8);
            rec[6 + 4 * i] = (byte) (v >>> 16);
            rec[7 + 4 * i] = (byte) (v >>> 24);
        }
        return p;
    }

    private int ppiHeader(Radio r) {
        // header: version 0, flags 0, length 32, DLT 105; one 802.11-common field of 20 bytes
        Arrays.fill(rec, 0, 32, (byte) 0);
        rec[2] = 32;
        rec[4] = (byte) LinkType.IEEE802_11;
        rec[8] = 2;
        rec[10] = 20;
        int d = 12;
        int flags = (r.fcs() ? 0x1 : 0) | (r.fcs() && r.badFcs() ? 0x4 : 0);
        rec[d + 8] = (byte) flags;
        rec[d + 10] = 2; // rate 1 Mb/s
        rec[d + 12] = (byte) (2437 & 0xff);
        rec[d + 13] = (byte) (2437 >>> 8);
        rec[d + 14] = (byte) 0xa0;
        rec[d + 18] = (byte) (r.rssiDbm() == ProbeRequest.NO_RSSI ? 0 : r.rssiDbm());
        rec[d + 19] = (byte) -95;
        return 32;
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new HalException("writing the capture failed", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new HalException("writing the capture failed", e);
        }
    }

    private void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new HalException("writing the capture failed", e);
        }
    }

    private void put16(byte[] b, int i, int v) {
        if (big) {
            b[i] = (byte) (v >>> 8);
            b[i + 1] = (byte) v;
        } else {
            b[i] = (byte) v;
            b[i + 1] = (byte) (v >>> 8);
        }
    }

    private void put32(byte[] b, int i, int v) {
        if (big) {
            b[i] = (byte) (v >>> 24);
            b[i + 1] = (byte) (v >>> 16);
            b[i + 2] = (byte) (v >>> 8);
            b[i + 3] = (byte) v;
        } else {
            b[i] = (byte) v;
            b[i + 1] = (byte) (v >>> 8);
            b[i + 2] = (byte) (v >>> 16);
            b[i + 3] = (byte) (v >>> 24);
        }
    }
}
