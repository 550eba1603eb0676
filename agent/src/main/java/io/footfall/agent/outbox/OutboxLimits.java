package io.footfall.agent.outbox;

import java.time.Duration;

/**
 * How much the outbox holds before it coarsens (docs/MQTT.md, "when the outbox is full").
 *
 * <p>Policy, applied after each append: while the outbox holds more than {@code maxMessages}
 * messages or {@code maxBytes} of payload, or its oldest window ended more than {@code maxAge}
 * ago (by the window clock), the oldest windows are merged into one per clock hour, then one per
 * clock day (UTC), by the {@link WindowMerger}. Counts are summed, so nothing counted is lost, only
 * resolution. Only if everything is already daily and the bound still holds are the oldest
 * messages dropped, each drop counted in the outbox's status and visible to the platform as a gap
 * in seq. The {@value Outbox#MAX_IN_FLIGHT} oldest messages are never merged or dropped: they may be
 * on the wire.
 */
public record OutboxLimits(long maxMessages, long maxBytes, Duration maxAge) {
    public OutboxLimits {
        if (maxMessages < Outbox.MAX_IN_FLIGHT + 2 || maxBytes < 4096 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("outbox limits too small: " + maxMessages + " messages, " + maxBytes + " bytes, " + maxAge);
        }
    }

    /**
     * 8,640 messages (30 days at 5-minute windows), 16 MiB of payload, 14 days: a month offline keeps
     * 5-minute resolution, older windows become hourly.
     */
    public static OutboxLimits defaults() {
        return new OutboxLimits(8_640, 16L << 20, Duration.ofDays(14));
    }
}
