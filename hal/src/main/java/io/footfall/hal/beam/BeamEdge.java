package io.footfall.hal.beam;

import java.util.Objects;

/**
 * One change of one beam: {@code broken} true when the beam was interrupted, false when it cleared.
 *
 * @param tNanos monotonic nanoseconds from the node's clock, stamped as close to the edge as the
 *     implementation allows
 */
public record BeamEdge(long tNanos, String passage, Beam beam, boolean broken) {
    public BeamEdge {
        Objects.requireNonNull(passage, "passage");
        Objects.requireNonNull(beam, "beam");
        if (passage.isBlank()) {
            throw new IllegalArgumentException("passage name is blank");
        }
    }
}
