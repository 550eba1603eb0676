package io.footfall.hal.wifi.capture;

import io.footfall.hal.HalException;
import io.footfall.hal.NodeClock;
import io.footfall.hal.wifi.CaptureState;
import io.footfall.hal.wifi.CaptureState.Status;
import io.footfall.hal.wifi.ProbeCapture;
import io.footfall.hal.wifi.ProbeListener;
import io.footfall.hal.wifi.pcap.PcapFormatException;
import io.footfall.hal.wifi.pcap.PcapReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one pcap/pcapng stream that is already open — e.g. the pipe into which the simulator
 * writes with {@link io.footfall.hal.wifi.pcap.PcapWriter} — on a thread of its own, so the
 * simulator feeds the same parser as a real radio. Each read's probes go to the listener as one
 * batch ({@link ProbeBatcher}), stamped with {@code clock} on arrival (reads then paced as a live
 * capture's), or from the record's own capture time by a given mapping (reads as they come). When the stream ends the state becomes {@code OFF} with detail "stream ended"; there is
 * no restart (use {@link CommandProbeCapture} for a process).
 */
public final class StreamProbeCapture implements ProbeCapture {
    private static final Logger LOG = LoggerFactory.getLogger(StreamProbeCapture.class);

    private final Supplier<InputStream> source;
    private final Function<ProbeListener, ProbeBatcher> batcher;
    private final long paceNanos;
    private final Object lock = new Object();
    private volatile CaptureState.Status status = Status.OFF;
    private volatile String detail = "not started";
    private volatile PcapReader reader;
    private volatile InputStream stream;
    private volatile boolean closed;
    private ProbeListener listener;
    private Thread thread;

    /** @param source opened on the capture's thread when it starts */
    public StreamProbeCapture(Supplier<InputStream> source, NodeClock clock) {
        Objects.requireNonNull(clock, "clock");
        this.source = Objects.requireNonNull(source, "source");
        this.batcher = l -> ProbeBatcher.stampedOnArrival(l, clock::monoNanos);
        this.paceNanos = ProbeBatcher.PACE_NANOS;
    }

    /**
     * @param source opened on the capture's thread when it starts
     * @param stamp the node's monotonic time of a probe, from the record's capture time in
     *     nanoseconds since the epoch (a simulated capture whose timestamps are exact)
     */
    public StreamProbeCapture(Supplier<InputStream> source, LongUnaryOperator stamp) {
        this.source = Objects.requireNonNull(source, "source");
        Objects.requireNonNull(stamp, "stamp");
        this.batcher = l -> ProbeBatcher.stampedByRecord(l, stamp);
        this.paceNanos = 0;
    }

    @Override
    public void start(ProbeListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            if (this.listener != null || closed) {
                throw new IllegalStateException("already started or closed");
            }
            this.listener = listener;
            set(Status.STARTING, "opening the stream");
            thread = new Thread(this::run, "footfall-capture-stream");
            thread.start();
        }
    }

    private void run() {
        InputStream opened;
        try {
            opened = Objects.requireNonNull(source.get(), "stream");
        } catch (RuntimeException e) {
            set(Status.FAILED, "cannot open the stream: " + e.getMessage());
            return;
        }
        ProbeBatcher sink = batcher.apply(listener);
        try (InputStream in = opened) {
            stream = in;
            PcapReader r = PcapReader.open(sink.paced(in, paceNanos));
            reader = r;
            set(Status.RUNNING, "reading (" + r.describe() + ")");
            r.readAll(sink);
            sink.flush();
            set(Status.OFF, "stream ended");
        } catch (PcapFormatException e) {
            set(Status.FAILED, e.getMessage());
        } catch (HalException | IOException e) {
            sink.flush();
            set(closed ? Status.OFF : Status.FAILED, closed ? "closed" : "reading the stream failed: " + e.getMessage());
        }
    }

    @Override
    public CaptureState state() {
        PcapReader r = reader;
        return new CaptureState(status, detail, r == null ? 0 : r.frames(), r == null ? 0 : r.malformed());
    }

    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
        }
        InputStream in = stream;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("closing the capture stream", e);
            }
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        set(Status.OFF, "closed");
    }

    private void set(Status s, String d) {
        ProbeListener l;
        synchronized (lock) {
            if (s == status && d.equals(detail)) {
                return;
            }
            status = s;
            detail = d;
            l = listener;
        }
        if (l != null) {
            try {
                l.onCaptureState(state());
            } catch (RuntimeException e) {
                LOG.warn("capture state listener failed", e);
            }
        }
    }
}
