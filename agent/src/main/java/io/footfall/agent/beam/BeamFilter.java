package io.footfall.agent.beam;

import io.footfall.hal.beam.Beam;

/**
 * Debounce and minimum break for the two beams of one passage. A raw change becomes a stable edge
 * only once the new level has held for its hold time ({@code minBreak} for a break, {@code debounce}
 * for a clear); a level that reverts sooner was chatter or a dropout and is dropped. Stable edges
 * keep the time of the raw change that started them and come out in time order across both beams,
 * at most one hold time late.
 */
final class BeamFilter {
    /** Receives stable edges in time order. */
    interface Sink {
        void onStable(Beam beam, boolean broken, long tNanos);
    }

    private static final Beam[] BEAMS = Beam.values();

    private final long clearHold;
    private final long breakHold;
    private final Sink sink;
    private final boolean[] stable = new boolean[2];
    private final boolean[] pending = new boolean[2];
    private final long[] pendingSince = new long[2];

    BeamFilter(long debounceNanos, long minBreakNanos, Sink sink) {
        this.clearHold = debounceNanos;
        this.breakHold = Math.max(debounceNanos, minBreakNanos);
        this.sink = sink;
    }

    /** Sets a beam's state without an edge: its state at start-up. */
    void reset(Beam beam, boolean broken) {
        stable[beam.ordinal()] = broken;
        pending[beam.ordinal()] = false;
    }

    boolean stable(Beam beam) {
        return stable[beam.ordinal()];
    }

    /** A raw edge; {@code tNanos} must not be before the previous call's time. */
    void edge(Beam beam, boolean broken, long tNanos) {
        settle(tNanos);
        int i = beam.ordinal();
        if (broken == stable[i]) {
            pending[i] = false; // reverted before it held: chatter or a dropout
        } else if (!pending[i]) {
            pending[i] = true;
            pendingSince[i] = tNanos;
        }
    }

    /** Emits every change that has held long enough by {@code nowNanos}, oldest first. */
    void settle(long nowNanos) {
        while (true) {
            int i = oldestPending();
            if (i < 0 || nowNanos - pendingSince[i] < (stable[i] ? clearHold : breakHold)) {
                return;
            }
            pending[i] = false;
            stable[i] = !stable[i];
            sink.onStable(BEAMS[i], stable[i], pendingSince[i]);
        }
    }

    /** The time of the oldest raw break not yet decided, or {@link Long#MAX_VALUE}. */
    long pendingBreakSince() {
        long t = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            if (pending[i] && !stable[i]) {
                t = Math.min(t, pendingSince[i]);
            }
        }
        return t;
    }

    private int oldestPending() {
        if (pending[0] && pending[1]) {
            return pendingSince[0] <= pendingSince[1] ? 0 : 1;
        }
        return pending[0] ? 0 : pending[1] ? 1 : -1;
    }
}
