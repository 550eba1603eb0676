package io.footfall.agent.beam;

import io.footfall.hal.beam.Beam;
import io.footfall.hal.beam.BeamEdge;

/**
 * Turns the edges of one passage's two beams into crossings.
 *
 * <p>An occlusion episode starts when either beam breaks while both are clear, and ends when both
 * are clear again. The beam broken first and the beam cleared last give the direction: A first and B
 * last is {@code IN}, B first and A last is {@code OUT}; the same beam first and last (someone
 * stepped in and back) counts nothing, and so does an episode longer than {@code maxTransit}.
 */
public final class PassageDecoder {
    private final String passage;
    private final CrossingListener listener;
    private final long maxTransitNanos;
    private final long blockedAfterNanos;

    private boolean brokenA;
    private boolean brokenB;
    private long brokenSinceA;
    private long brokenSinceB;
    private Beam first;
    private long episodeStart;
    private boolean blocked;

    public PassageDecoder(String passage, DecoderSettings settings, CrossingListener listener) {
        this.passage = passage;
        this.listener = listener;
        this.maxTransitNanos = settings.maxTransit().toNanos();
        this.blockedAfterNanos = settings.blockedAfter().toNanos();
    }

    public String passage() {
        return passage;
    }

    public void onEdge(BeamEdge edge) {
        tick(edge.tNanos());
        boolean wasBroken = edge.beam() == Beam.A ? brokenA : brokenB;
        if (wasBroken == edge.broken()) {
            return;
        }
        if (edge.beam() == Beam.A) {
            brokenA = edge.broken();
            brokenSinceA = edge.tNanos();
        } else {
            brokenB = edge.broken();
            brokenSinceB = edge.tNanos();
        }
        if (edge.broken()) {
            if (first == null) {
                first = edge.beam();
                episodeStart = edge.tNanos();
            }
            return;
        }
        if (!brokenA && !brokenB && first != null) {
            Beam last = edge.beam();
            boolean inTime = edge.tNanos() - episodeStart <= maxTransitNanos;
            if (inTime && first != last) {
                listener.onCrossing(new Crossing(edge.tNanos(), passage, first == Beam.A ? Direction.IN : Direction.OUT));
            }
            first = null;
        }
        tick(edge.tNanos());
    }

    /** Advances time without an edge, so that a beam stuck broken raises the alarm. */
    public void tick(long nowNanos) {
        boolean stuck = (brokenA && nowNanos - brokenSinceA > blockedAfterNanos)
                || (brokenB && nowNanos - brokenSinceB > blockedAfterNanos);
        if (stuck != blocked) {
            blocked = stuck;
            listener.onBlocked(passage, stuck);
        }
    }

    public boolean blocked() {
        return blocked;
    }

    public boolean broken(Beam beam) {
        return beam == Beam.A ? brokenA : brokenB;
    }
}
