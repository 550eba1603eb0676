package io.footfall.agent.beam;

import java.util.Objects;

/**
 * One person through one passage.
 *
 * @param tNanos monotonic time at which the crossing was decided (the last beam cleared)
 */
public record Crossing(long tNanos, String passage, Direction direction) {
    public Crossing {
        Objects.requireNonNull(passage, "passage");
        Objects.requireNonNull(direction, "direction");
    }
}
