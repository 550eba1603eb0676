package io.footfall.hal.wifi.pcap;

/** The link-layer header types the parser understands (tcpdump.org LINKTYPE_ values). */
public final class LinkType {
    /** Plain 802.11 frames, no radio header. */
    public static final int IEEE802_11 = 105;
    /** 802.11 with a radiotap radio header. */
    public static final int IEEE802_11_RADIOTAP = 127;
    /** Per-Packet Information header followed by the frame of the header's own link type. */
    public static final int PPI = 192;

    private LinkType() {}

    public static boolean supported(int linkType) {
        return linkType == IEEE802_11 || linkType == IEEE802_11_RADIOTAP || linkType == PPI;
    }
}
