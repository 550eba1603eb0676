package io.footfall.hal.wifi.capture;

import io.footfall.hal.wifi.ProbeListener;
import io.footfall.hal.wifi.ProbeRequest;
import io.footfall.hal.wifi.pcap.ProbeSink;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a capture stream into batches: the probe requests the parser finds in one read of the
 * stream are kept here and handed to the listener together ({@link ProbeListener#onProbes}) just
 * before the parser asks the stream for more. With {@link #paced} the reads themselves are spaced
 * at least {@code pace} apart unless the previous read brought {@link #BACKLOG_BYTES} or more, so a
 * capture that writes every frame as it hears it (tcpdump {@code -U}) wakes the capture thread a
 * few times a second instead of once per frame; the pipe holds what arrives meanwhile (64 KiB on
 * Linux, about half a second at 1,000 probes/s), and a backed-up stream or a file is read without
 * pause.
 *
 * <p>Stamps: either from the record's capture time by a given mapping (a simulated capture whose
 * timestamps are exact), or from the node's monotonic clock when the read is handed over, less how
 * much earlier than the read's newest record the capture stamped each one (at most
 * {@link #MAX_SPREAD_NANOS}): the spacing of frames within a read survives batching, and no probe is
 * stamped later than its batch arrived. Used only on the capture's own thread.
 */
final class ProbeBatcher implements ProbeSink {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeBatcher.class);

    /** Shortest time between two reads of a live capture stream that is not backed up. */
    static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * A read at least this large (or filling what was asked) means data is waiting: read again at
     * once. At 1,000 probes/s a 50 ms read brings about 10 KiB; a full pipe holds 64 KiB.
     */
    static final int BACKLOG_BYTES = 32 * 1024;
    /** Longest a probe is stamped before the arrival of its batch. */
    static final long MAX_SPREAD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ProbeListener listener;
    private final LongSupplier arrival;
    private final LongUnaryOperator mapping;
    private long[] ts = new long[64];
    private long[] source = new long[64];
    private long[] fingerprint = new long[64];
    private int[] rssi = new int[64];
    private int[] seq = new int[64];
    private boolean[] retry = new boolean[64];
    private int n;

    private ProbeBatcher(ProbeListener listener, LongSupplier arrival, LongUnaryOperator mapping) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.arrival = arrival;
        this.mapping = mapping;
    }

    /** Stamps with {@code monoClock} when each batch is handed over, keeping the spacing within it. */
    static ProbeBatcher stampedOnArrival(ProbeListener listener, LongSupplier monoClock) {
        return new ProbeBatcher(listener, Objects.requireNonNull(monoClock, "monoClock"), null);
    }

    /** Stamps each probe with {@code stamp} of its record's capture time (nanoseconds since the epoch). */
    static ProbeBatcher stampedByRecord(ProbeListener listener, LongUnaryOperator stamp) {
        return new ProbeBatcher(listener, null, Objects.requireNonNull(stamp, "stamp"));
    }

    @Override
    public void onProbe(long timestampNanos, long src, int rssiDbm, int seqNo, long ieFingerprint, boolean retryFlag) {
        if (n == ts.length) {
            int cap = n * 2;
            ts = Arrays.copyOf(ts, cap);
            source = Arrays.copyOf(source, cap);
            fingerprint = Arrays.copyOf(fingerprint, cap);
            rssi = Arrays.copyOf(rssi, cap);
            seq = Arrays.copyOf(seq, cap);
            retry = Arrays.copyOf(retry, cap);
        }
        ts[n] = timestampNanos;
        source[n] = src;
        rssi[n] = rssiDbm;
        seq[n] = seqNo;
        fingerprint[n] = ieFingerprint;
        retry[n] = retryFlag;
        n++;
    }

    /** Hands the probes kept so far to the listener as one batch; nothing when there are none. */
    void flush() {
        if (n == 0) {
            return;
        }
        List<ProbeRequest> batch = new ArrayList<>(n);
        if (mapping != null) {
            for (int i = 0; i < n; i++) {
                batch.add(new ProbeRequest(mapping.applyAsLong(ts[i]), source[i], rssi[i], seq[i], fingerprint[i], retry[i]));
            }
        } else {
            long now = arrival.getAsLong();
            long newest = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                newest = Math.max(newest, ts[i]);
            }
            for (int i = 0; i < n; i++) {
                long before = Math.min(MAX_SPREAD_NANOS, Math.max(0, newest - ts[i]));
                batch.add(new ProbeRequest(now - before, source[i], rssi[i], seq[i], fingerprint[i], retry[i]));
            }
        }
        n = 0;
        try {
            listener.onProbes(Collections.unmodifiableList(batch));
        } catch (RuntimeException e) {
            // a listener bug must not stop the capture; the exception names no address
            LOG.warn("probe listener failed", e);
        }
    }

    /**
     * {@code in}, flushing this batcher before every read and, when {@code paceNanos} is positive,
     * spacing reads at least that far apart unless the previous read brought {@link #BACKLOG_BYTES}
     * or filled the buffer it was given.
     * A read interrupted while pausing fails with {@link InterruptedIOException}.
     */
    InputStream paced(InputStream in, long paceNanos) {
        return new FilterInputStream(in) {
            private long lastRead = System.nanoTime() - paceNanos;
            private boolean backedUp;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int r = read(one, 0, 1);
                return r < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                flush();
                long wait = lastRead + paceNanos - System.nanoTime();
                if (paceNanos > 0 && !backedUp && wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while pacing the capture stream");
                    }
                }
                int r = super.read(b, off, len);
                lastRead = System.nanoTime();
                backedUp = r >= Math.min(len, BACKLOG_BYTES);
                return r;
            }
        };
    }
}
