package io.footfall.hal.wifi.pcap;

import io.footfall.hal.wifi.ProbeListener;
import io.footfall.hal.wifi.ProbeRequest;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Receives the probe requests a {@link PcapReader} finds, as primitives so that nothing is
 * allocated per frame. Called on the reading thread; must not keep the values beyond the window
 * they are counted in, and must never log or store {@code source}.
 */
@FunctionalInterface
public interface ProbeSink {
    /**
     * @param timestampNanos the record's capture time in nanoseconds since the epoch (0 where the
     *     format has none, e.g. pcapng simple packet blocks)
     * @param source addr2 in the low 48 bits, first octet most significant
     * @param rssiDbm antenna signal in dBm, or {@link ProbeRequest#NO_RSSI}
     * @param seqNo 802.11 sequence number, 0-4095
     * @param ieFingerprint see {@link ProbeRequest#ieFingerprint()}; 0 when no identifying element
     * @param retry the frame control's retry flag
     */
    void onProbe(long timestampNanos, long source, int rssiDbm, int seqNo, long ieFingerprint, boolean retry);

    /**
     * Forwards to a {@link ProbeListener}, stamping each probe with {@code clock} instead of the
     * capture's own timestamp (a live capture stamps with the node's monotonic clock at arrival).
     */
    static ProbeSink forwardingTo(ProbeListener listener, LongSupplier clock) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(clock, "clock");
        return (ts, source, rssi, seq, fp, retry) ->
                listener.onProbe(new ProbeRequest(clock.getAsLong(), source, rssi, seq, fp, retry));
    }

    /** Forwards to a {@link ProbeListener} with the capture's own timestamps. */
    static ProbeSink forwardingTo(ProbeListener listener) {
        Objects.requireNonNull(listener, "listener");
        return (ts, source, rssi, seq, fp, retry) -> listener.onProbe(new ProbeRequest(ts, source, rssi, seq, fp, retry));
    }
}
