package io.footfall.sim.beam;

/**
 * One person passing through a passage, as the beams see them. Positions are measured in the
 * walker's own direction of travel from the first beam they meet (A going in, B going out).
 *
 * @param startNanos when the front of the body reaches the first beam
 * @param in true for A→B (entering)
 * @param speed walking speed, m/s
 * @param depth depth of what breaks the beams along the direction of travel, m (a pram with its
 *     pusher is over a metre)
 * @param turnAt for someone who steps in and back: how far the front gets, m, before turning;
 *     {@link Double#POSITIVE_INFINITY} for a crossing
 * @param pauseNanos how long they stand at {@code turnAt} before going back
 */
public record Walker(long startNanos, boolean in, double speed, double depth, double turnAt, long pauseNanos) {
    public Walker {
        if (!(speed > 0) || !(depth > 0) || !(turnAt > 0) || pauseNanos < 0) {
            throw new IllegalArgumentException("speed, depth and turning point must be positive");
        }
    }

    /** Someone who walks straight through. */
    public Walker(long startNanos, boolean in, double speed, double depth) {
        this(startNanos, in, speed, depth, Double.POSITIVE_INFINITY, 0);
    }

    public boolean crosses() {
        return turnAt == Double.POSITIVE_INFINITY;
    }
}
