package io.footfall.sim.beam;

import io.footfall.hal.beam.Beam;
import io.footfall.hal.beam.BeamEdge;
import java.util.List;

/**
 * Turns a walker into the edges two parallel beams {@code spacing} metres apart would produce: a
 * body of depth {@code d} at speed {@code v} occludes each beam for {@code d/v}, the second beam
 * {@code spacing/v} after the first.
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

    /** The four edges of one clean crossing, in time order. */
    public List<BeamEdge> edges(String passage, Walker w) {
        long occlude = seconds(w.depth() / w.speed());
        long lag = seconds(spacing / w.speed());
        Beam first = w.in() ? Beam.A : Beam.B;
        Beam second = w.in() ? Beam.B : Beam.A;
        long t0 = w.startNanos();
        BeamEdge[] e = {
            new BeamEdge(t0, passage, first, true),
            new BeamEdge(t0 + lag, passage, second, true),
            new BeamEdge(t0 + occlude, passage, first, false),
            new BeamEdge(t0 + lag + occlude, passage, second, false),
        };
        java.util.Arrays.sort(e, java.util.Comparator.comparingLong(BeamEdge::tNanos));
        return List.of(e);
    }

    /** How long the walker keeps the passage busy, from first break to last clear. */
    public long busyNanos(Walker w) {
        return seconds((w.depth() + spacing) / w.speed());
    }

    private static long seconds(double s) {
        return Math.round(s * 1e9);
    }
}
