package io.footfall.hal.wifi;

/**
 * One probe request heard on air. The source address is held as the low 48 bits of a long so that
 * nothing is boxed or allocated for it; it must never be logged, stored or sent. {@link #toString()}
 * leaves it out on purpose.
 *
 * @param tNanos monotonic nanoseconds from the node's clock when the frame was taken in
 * @param source the transmitter address (addr2) in the low 48 bits, first octet most significant
 * @param rssiDbm signal strength in dBm, or {@link #NO_RSSI} when the capture does not report it
 * @param seqNo the 802.11 sequence number (0-4095), or -1 when absent
 * @param ieFingerprint an unkeyed 64-bit digest of the information elements that identify a
 *     phone's model and settings (not its address); 0 when there are none
 * @param retry whether the frame control's retry flag was set
 */
public record ProbeRequest(long tNanos, long source, int rssiDbm, int seqNo, long ieFingerprint, boolean retry) {
    public static final int NO_RSSI = Integer.MIN_VALUE;

    public ProbeRequest {
        if ((source >>> 48) != 0) {
            throw new IllegalArgumentException("source address wider than 48 bits");
        }
    }

    /** Whether the address is locally administered (bit 0x02 of the first octet): usually randomised. */
    public boolean locallyAdministered() {
        return ((source >>> 40) & 0x02) != 0;
    }

    public boolean hasRssi() {
        return rssiDbm != NO_RSSI;
    }

    @Override
    public String toString() {
        return "ProbeRequest[tNanos=" + tNanos + ", rssiDbm=" + (hasRssi() ? rssiDbm : "n/a") + ", seqNo=" + seqNo
                + ", local=" + locallyAdministered() + "]";
    }
}
