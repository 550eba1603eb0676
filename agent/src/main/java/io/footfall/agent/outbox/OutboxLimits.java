package io.footfall.agent.outbox;

import io.footfall.hal.ConfigException;
import io.footfall.hal.Options;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

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

    /** True when a store holding {@code messages} messages of {@code payloadBytes} in all is over the size bound. */
    public boolean exceededBy(long messages, long payloadBytes) {
        return messages > maxMessages || payloadBytes > maxBytes;
    }

    /** The settings {@link #fromOptions} reads. */
    public static final Set<String> KEYS = Set.of("outbox-max-messages", "outbox-max-bytes", "outbox-max-age");

    /**
     * Reads {@code outbox-max-messages}, {@code outbox-max-bytes} and {@code outbox-max-age}
     * (e.g. {@code 14d}, {@code 36h}, read by {@link Options#duration}, the one duration parser); absent or blank keys take
     * the {@link #defaults()}.
     *
     * @throws ConfigException naming the first key whose value is not allowed
     */
    public static OutboxLimits fromOptions(Map<String, String> options) {
        OutboxLimits d = defaults();
        long messages = number(options, "outbox-max-messages", d.maxMessages(), Outbox.MAX_IN_FLIGHT + 2);
        long bytes = number(options, "outbox-max-bytes", d.maxBytes(), 4096);
        Duration age = Options.duration(options, "outbox-max-age", d.maxAge(), Duration.ofNanos(1), Duration.ofDays(365_000));
        return new OutboxLimits(messages, bytes, age);
    }

    private static long number(Map<String, String> options, String key, long dflt, long min) {
        String v = options.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ConfigException(key, v, "a whole number of at least " + min);
    }

    /**
     * 8,640 messages (30 days at 5-minute windows), 16 MiB of payload, 14 days: a month offline keeps
     * 5-minute resolution, older windows become hourly.
     */
    public static OutboxLimits defaults() {
        return new OutboxLimits(8_640, 16L << 20, Duration.ofDays(14));
    }
}
