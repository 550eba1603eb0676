package io.footfall.sim.beam;

/**
 * One person passing through a passage, as the beams see them.
 *
 * @param startNanos when the leading edge of the body reaches the first beam
 * @param in true for A→B (entering)
 * @param speed walking speed, m/s
 * @param depth body depth along the direction of travel, m
 */
public record Walker(long startNanos, boolean in, double speed, double depth) {
    public Walker {
        if (!(speed > 0) || !(depth > 0)) {
            throw new IllegalArgumentException("speed and depth must be positive");
        }
    }
}
