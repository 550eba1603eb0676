package io.footfall.hal.wifi.pcap;

import io.footfall.hal.wifi.ProbeRequest;

/**
 * Decodes one captured record (radio header + 802.11 frame) in place, without allocating. Never
 * throws on bad input: every index is checked against the record's bounds.
 */
final class FrameDecoder {
    static final int OTHER = 0;
    static final int PROBE = 1;
    static final int MALFORMED = 2;
    /** Type 0 / subtype 4 but cut short inside the management header: tshark counts it as a probe request without address. */
    static final int PROBE_MALFORMED = 3;

    private static final int RADIOTAP_TSFT = 1;
    private static final int RADIOTAP_FLAGS = 1 << 1;
    private static final int RADIOTAP_RATE = 1 << 2;
    private static final int RADIOTAP_CHANNEL = 1 << 3;
    private static final int RADIOTAP_FHSS = 1 << 4;
    private static final int RADIOTAP_DBM_ANTSIGNAL = 1 << 5;
    private static final int RADIOTAP_EXT = 1 << 31;
    private static final int RADIOTAP_F_FCS = 0x10;

    private static final int PPI_FIELD_80211_COMMON = 2;
    private static final int PPI_FLAG_ALIGN = 0x01;
    private static final int PPI_80211_FLAG_FCS = 0x0001;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private FrameDecoder() {}

    /**
     * @param fcsLen bytes of frame check sequence the file format says trail every frame (pcap's
     *     FCS-length field, pcapng's if_fcslen); radio headers may add their own
     */
    static int decode(int linkType, int fcsLen, byte[] b, int off, int len, long ts, ProbeSink sink) {
        switch (linkType) {
            case LinkType.IEEE802_11_RADIOTAP:
                return radiotap(b, off, len, ts, sink);
            case LinkType.IEEE802_11:
                return dot11(b, off, len - fcsLen, ts, ProbeRequest.NO_RSSI, sink);
            case LinkType.PPI:
                return ppi(b, off, len, ts, sink);
            default:
                return OTHER;
        }
    }

    /**
     * Radiotap: a little-endian header of {@code it_len} bytes, presence bitmaps chained by bit 31
     * (also across radiotap and vendor namespaces, bits 29 and 30), then fields in bit order, each
     * aligned to its natural size relative to the start of the header. Only fields 0-5 of the
     * first bitmap matter here (flags for the FCS, antenna signal in dBm), and they always come
     * first in the data.
     */
    static int radiotap(byte[] b, int off, int len, long ts, ProbeSink sink) {
        if (len < 8 || b[off] != 0) {
            return MALFORMED;
        }
        int hlen = u16le(b, off + 2);
        if (hlen < 8 || hlen > len) {
            return MALFORMED;
        }
        int first = i32le(b, off + 4);
        int rel = 4;
        int word = first;
        while ((word & RADIOTAP_EXT) != 0) {
            rel += 4;
            if (rel + 4 > hlen) {
                return MALFORMED;
            }
            word = i32le(b, off + rel);
        }
        rel += 4;
        int flags = 0;
        int rssi = ProbeRequest.NO_RSSI;
        if ((first & RADIOTAP_TSFT) != 0) {
            rel = ((rel + 7) & ~7) + 8;
        }
        if ((first & RADIOTAP_FLAGS) != 0) {
            if (rel + 1 > hlen) {
                return MALFORMED;
            }
            flags = b[off + rel] & 0xff;
            rel += 1;
        }
        if ((first & RADIOTAP_RATE) != 0) {
            rel += 1;
        }
        if ((first & RADIOTAP_CHANNEL) != 0) {
            rel = ((rel + 1) & ~1) + 4;
        }
        if ((first & RADIOTAP_FHSS) != 0) {
            rel += 2;
        }
        if ((first & RADIOTAP_DBM_ANTSIGNAL) != 0) {
            if (rel + 1 > hlen) {
                return MALFORMED;
            }
            rssi = b[off + rel];
            rel += 1;
        }
        if (rel > hlen) {
            return MALFORMED;
        }
        int frameLen = len - hlen - ((flags & RADIOTAP_F_FCS) != 0 ? 4 : 0);
        return dot11(b, off + hlen, frameLen, ts, rssi, sink);
    }

    /**
     * PPI: a little-endian header (version 0, flags, length, link type of what follows), then
     * type-length fields; the 802.11-common field (type 2) holds the FCS flag and the antenna
     * signal in dBm.
     */
    static int ppi(byte[] b, int off, int len, long ts, ProbeSink sink) {
        if (len < 8 || b[off] != 0) {
            return MALFORMED;
        }
        int ppiFlags = b[off + 1] & 0xff;
        int plen = u16le(b, off + 2);
        int dlt = i32le(b, off + 4);
        if (plen < 8 || plen > len) {
            return MALFORMED;
        }
        int p = off + 8;
        int end = off + plen;
        boolean fcs = false;
        int rssi = ProbeRequest.NO_RSSI;
        while (p + 4 <= end) {
            int type = u16le(b, p);
            int flen = u16le(b, p + 2);
            if (p + 4 + flen > end) {
                return MALFORMED;
            }
            if (type == PPI_FIELD_80211_COMMON && flen >= 20) {
                fcs = (u16le(b, p + 4 + 8) & PPI_80211_FLAG_FCS) != 0;
                rssi = b[p + 4 + 18];
            }
            p += 4 + flen;
            if ((ppiFlags & PPI_FLAG_ALIGN) != 0) {
                p = off + ((p - off + 3) & ~3);
            }
        }
        int frameLen = len - plen;
        if (dlt == LinkType.IEEE802_11) {
            return dot11(b, off + plen, frameLen - (fcs ? 4 : 0), ts, rssi, sink);
        }
        if (dlt == LinkType.IEEE802_11_RADIOTAP) {
            return radiotap(b, off + plen, frameLen, ts, sink);
        }
        return OTHER;
    }

    /**
     * An 802.11 frame without FCS; a probe request is protocol version 0, type 0, subtype 4 (tshark
     * does not dissect other versions).
     */
    static int dot11(byte[] b, int off, int len, long ts, int rssi, ProbeSink sink) {
        if (len < 2) {
            return MALFORMED;
        }
        int fc0 = b[off] & 0xff;
        if (fc0 != 0x40) {
            return OTHER;
        }
        if (len < 24) {
            return PROBE_MALFORMED;
        }
        boolean retry = (b[off + 1] & 0x08) != 0;
        long source = ((b[off + 10] & 0xffL) << 40) | ((b[off + 11] & 0xffL) << 32) | ((b[off + 12] & 0xffL) << 24)
                | ((b[off + 13] & 0xffL) << 16) | ((b[off + 14] & 0xffL) << 8) | (b[off + 15] & 0xffL);
        int seq = u16le(b, off + 22) >>> 4;
        long fp = fingerprint(b, off + 24, off + len);
        sink.onProbe(ts, source, rssi, seq, fp, retry);
        return PROBE;
    }

    /**
     * FNV-1a over the elements that describe a device rather than a network or a moment: supported
     * and extended rates (1, 50), HT, VHT and extended capabilities (45, 191, 127), RM enabled
     * capabilities (70), interworking (107), HE capabilities (255/35), and for vendor-specific
     * elements (221) only OUI and type — their bodies may hold per-device identifiers such as
     * the WPS UUID. The SSID list and DS parameter set (channel) are left out. Element order is
     * part of the fingerprint. Stops at an element that runs past the frame.
     */
    static long fingerprint(byte[] b, int p, int end) {
        long h = FNV_OFFSET;
        boolean any = false;
        while (p + 2 <= end) {
            int id = b[p] & 0xff;
            int l = b[p + 1] & 0xff;
            int body = p + 2;
            if (body + l > end) {
                break;
            }
            int take;
            switch (id) {
                case 1: case 45: case 50: case 70: case 107: case 127: case 191:
                    take = l;
                    break;
                case 221:
                    take = Math.min(l, 4);
                    break;
                case 255:
                    take = l >= 1 && (b[body] & 0xff) == 35 ? l : Math.min(l, 1);
                    break;
                default:
                    take = -1;
            }
            if (take >= 0) {
                any = true;
                h = (h ^ id) * FNV_PRIME;
                h = (h ^ take) * FNV_PRIME;
                for (int i = body, e = body + take; i < e; i++) {
                    h = (h ^ (b[i] & 0xff)) * FNV_PRIME;
                }
            }
            p = body + l;
        }
        return !any ? 0 : (h == 0 ? 1 : h);
    }

    static int u16le(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    static int i32le(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
