package io.footfall.agent.beam;

import java.time.Duration;
import java.util.Objects;

/**
 * Timings of the direction decoder.
 *
 * @param maxTransit a crossing that takes longer than this from first break to last clear counts nothing
 * @param blockedAfter a beam broken for longer than this raises the passage's {@code blocked} alarm
 */
public record DecoderSettings(Duration maxTransit, Duration blockedAfter) {
    public static final DecoderSettings DEFAULTS = new DecoderSettings(Duration.ofSeconds(3), Duration.ofSeconds(10));

    public DecoderSettings {
        Objects.requireNonNull(maxTransit, "maxTransit");
        Objects.requireNonNull(blockedAfter, "blockedAfter");
        if (maxTransit.isNegative() || maxTransit.isZero() || blockedAfter.isNegative() || blockedAfter.isZero()) {
            throw new IllegalArgumentException("decoder timings must be positive");
        }
    }
}
