package io.footfall.sim.beam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What real receivers add to a clean break (level 1; rates scale with the level): chatter, 1-3
 * extra toggle pairs within 6 ms of an edge, on half the edges; sun-glare dropouts, the receiver
 * reading clear for 2-25 ms during a break, about once per 2 s of occlusion; spurious breaks of
 * 1-20 ms (insects, rain) about 20 times per beam per hour.
 */
final class SensorNoise {
    private static final long MS = 1_000_000L;

    private final double level;
    private final SplittableRandom random;

    SensorNoise(double level, SplittableRandom random) {
        this.level = level;
        this.random = random;
    }

    /**
     * Appends the raw toggle times of one break {@code [start, end]}: the break, the noise inside
     * it, the clear. Toggles alternate broken, clear, broken, ... and strictly increase.
     */
    void breakEdges(long start, long end, List<Long> toggles) {
        toggles.add(start);
        if (level > 0) {
            long span = Math.min(6 * MS, (end - start) / 4);
            long lo = start;
            long hi = end;
            List<Long> tail = new ArrayList<>();
            if (span >= MS && random.nextDouble() < Math.min(1, 0.5 * level)) {
                chatter(start, span, true, toggles);
                lo = start + span;
            }
            if (span >= MS && random.nextDouble() < Math.min(1, 0.5 * level)) {
                chatter(end, span, false, tail);
                hi = end - span;
            }
            double rate = 0.5 * level / 1e9; // dropouts per ns of occlusion
            long t = lo + MS + exp(rate);
            while (true) {
                long len = (long) (random.nextDouble(2, 25) * MS);
                if (t + len >= hi - MS) {
                    break;
                }
                toggles.add(t);
                toggles.add(t + len);
                t += len + MS + exp(rate);
            }
            toggles.addAll(tail);
        }
        toggles.add(end);
    }

    /** Appends spurious breaks (start, end pairs) that fit in the clear time {@code (from, to)}. */
    void spurious(long from, long to, List<Long> toggles) {
        if (level <= 0) {
            return;
        }
        double rate = 20 * level / 3600e9;
        for (long t = from + 10 * MS + exp(rate); ; t += exp(rate)) {
            long len = (long) (random.nextDouble(1, 20) * MS);
            if (t + len >= to - 10 * MS) {
                return;
            }
            toggles.add(t);
            toggles.add(t + len);
            t += len;
        }
    }

    /** Clear-then-broken pairs within {@code span} inside the break: after {@code edge} at a start, before it at an end. */
    private void chatter(long edge, long span, boolean atStart, List<Long> toggles) {
        int pairs = 1 + random.nextInt(3);
        long[] p = new long[pairs * 2];
        for (int k = 0; k < p.length; k++) {
            p[k] = 1 + (long) (random.nextDouble() * (span - 1));
        }
        Arrays.sort(p);
        long last = atStart ? edge : Long.MIN_VALUE;
        for (int q = 0; q < pairs; q++) {
            int k = atStart ? q : pairs - 1 - q;
            long clear = atStart ? edge + p[2 * k] : edge - p[2 * k + 1];
            long broken = atStart ? edge + p[2 * k + 1] : edge - p[2 * k];
            if (clear > last && broken > clear && broken < (atStart ? Long.MAX_VALUE : edge)) {
                toggles.add(clear);
                toggles.add(broken);
                last = broken;
            }
        }
    }

    private long exp(double ratePerNano) {
        return (long) (-Math.log(1 - random.nextDouble()) / ratePerNano);
    }
}
