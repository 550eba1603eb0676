package io.footfall.sim.wifi;

import io.footfall.hal.wifi.CaptureState;
import io.footfall.hal.wifi.ProbeCapture;
import io.footfall.hal.wifi.ProbeListener;
import io.footfall.hal.wifi.ProbeRequest;
import io.footfall.hal.wifi.capture.StreamProbeCapture;
import io.footfall.hal.wifi.pcap.InformationElements;
import io.footfall.hal.wifi.pcap.PcapWriter;
import io.footfall.sim.SimClock;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends simulated probe requests through the same path as a real capture: each one is written as a
 * radiotap pcap record into a pipe, which a {@link StreamProbeCapture} parses with the real parser.
 * So the simulator exercises the parser, and what the agent counts is what a radio would have given it.
 *
 * <p>The record timestamp carries the probe's simulated time exactly (the simulated wall and monotonic
 * clocks are locked together), and the phone model's fingerprint becomes information elements
 * (extended capabilities) whose digest the parser computes: equal for equal models, 0 for none.
 */
public final class PcapLoopback implements ProbeCapture {
    private static final Logger LOG = LoggerFactory.getLogger(PcapLoopback.class);

    private final ProbeCapture phones;
    private final SimClock clock;
    private StreamProbeCapture reader;
    private PcapWriter writer;

    public PcapLoopback(ProbeCapture phones, SimClock clock) {
        this.phones = phones;
        this.clock = clock;
    }

    @Override
    public synchronized void start(ProbeListener listener) {
        PipedInputStream in = new PipedInputStream(1 << 16);
        try {
            writer = new PcapWriter(new PipedOutputStream(in));
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the simulator's capture pipe", e);
        }
        long epochOffsetNanos = clock.startWallMillis() * 1_000_000L;
        reader = new StreamProbeCapture(() -> in, captureNanos -> captureNanos - epochOffsetNanos);
        reader.start(listener);
        PcapWriter w = writer;
        phones.start(new ProbeListener() {
            @Override
            public void onProbe(ProbeRequest p) {
                w.writeProbe(epochOffsetNanos + p.tNanos(), new PcapWriter.ProbeFrame(p.source(), Math.max(0, p.seqNo()), p.retry(),
                        elements(p.ieFingerprint())), PcapWriter.Radio.signal(p.hasRssi() ? p.rssiDbm() : -60));
                w.flush();
            }

            @Override
            public void onCaptureState(CaptureState state) {
                // the capture's state is the reader's: what the parser sees of the pipe
            }
        });
    }

    /** Information elements that the parser digests to a fingerprint equal for equal {@code fingerprint}s, 0 for 0. */
    public static byte[] elements(long fingerprint) {
        return elements(fingerprint, "");
    }

    /** As {@link #elements(long)}, probing for {@code ssid} ("" for the wildcard, the SSID of a directed probe). */
    public static byte[] elements(long fingerprint, String ssid) {
        InformationElements ies = InformationElements.builder().ssid(ssid);
        if (fingerprint != 0) {
            ies.supportedRates(0x82, 0x84, 0x8b, 0x96).extendedCapabilities(ByteBuffer.allocate(8).putLong(fingerprint).array());
        }
        return ies.build();
    }

    @Override
    public synchronized CaptureState state() {
        return reader == null ? phones.state() : reader.state();
    }

    @Override
    public synchronized void close() {
        phones.close();
        if (writer != null) {
            try {
                writer.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the simulator's capture pipe: {}", e.getMessage());
            }
        }
        if (reader != null) {
            reader.close();
        }
    }
}
