package io.footfall.sim.beam;

import io.footfall.hal.beam.Beam;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a walker's body breaks two parallel beams {@code spacing} metres apart. The body occupies
 * {@code [front - depth, front]} along the direction of travel; a beam at position {@code x} is
 * broken while {@code x <= front <= x + depth}. A crossing walker's front moves from the first beam
 * until the body is past the second; one who turns back stops at {@code turnAt}, waits, and walks
 * back until the body is clear of the first beam.
 */
public final class BeamPhysics {
    private final double spacing;

    /** @param spacing distance between beam A and beam B, metres */
    public BeamPhysics(double spacing) {
        if (!(spacing > 0)) {
            throw new IllegalArgumentException("beam spacing must be positive");
        }
        this.spacing = spacing;
    }

    public double spacing() {
        return spacing;
    }

    /** The intervals {@code [start, end]} (ns) during which the walker breaks {@code beam}, in time order. */
    public List<long[]> occlusions(Walker w, Beam beam) {
        boolean first = (beam == Beam.A) == w.in();
        double x = first ? 0 : spacing;
        double v = w.speed();
        double d = w.depth();
        List<long[]> out = new ArrayList<>();
        long t0 = w.startNanos();
        if (w.crosses()) {
            out.add(new long[] {t0 + nanos(x / v), t0 + nanos((x + d) / v)});
            return out;
        }
        double turn = w.turnAt();
        long tTurn = t0 + nanos(turn / v);
        long tBack = tTurn + w.pauseNanos();
        if (turn < x) {
            return out; // never reached this beam
        }
        long forwardIn = t0 + nanos(x / v);
        if (turn > x + d) {
            // the body passes the beam going forward, then again coming back
            out.add(new long[] {forwardIn, t0 + nanos((x + d) / v)});
            out.add(new long[] {tBack + nanos((turn - x - d) / v), tBack + nanos((turn - x) / v)});
        } else {
            // still in the beam when turning: one long break
            out.add(new long[] {forwardIn, tBack + nanos((turn - x) / v)});
        }
        return out;
    }

    /** When the walker's last break of either beam ends. */
    public long endNanos(Walker w) {
        long end = w.startNanos();
        for (Beam b : Beam.values()) {
            for (long[] o : occlusions(w, b)) {
                end = Math.max(end, o[1]);
            }
        }
        return end;
    }

    private static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }
}
