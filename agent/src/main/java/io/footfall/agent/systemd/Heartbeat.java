package io.footfall.agent.systemd;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One loop the watchdog watches: its name, when it last showed a sign of life
 * ({@link System#nanoTime()}), and how long it may stay silent while still doing its job.
 *
 * @param lastBeatNanos {@link System#nanoTime()} at the loop's last sign of life; read from the
 *     watchdog's thread, so the loop must publish it through a volatile
 */
public record Heartbeat(String name, LongSupplier lastBeatNanos, Duration maxSilence) {
    public Heartbeat {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lastBeatNanos, "lastBeatNanos");
        Objects.requireNonNull(maxSilence, "maxSilence");
        if (maxSilence.isNegative() || maxSilence.isZero()) {
            throw new IllegalArgumentException("maxSilence must be positive: " + maxSilence);
        }
    }

    /** Why this loop counts as wedged at {@code nowNanos}, or empty while it is alive. */
    public Optional<String> problem(long nowNanos) {
        long silent = nowNanos - lastBeatNanos.getAsLong();
        return silent > maxSilence.toNanos()
                ? Optional.of(name + " silent for " + silent / 1_000_000_000L + " s")
                : Optional.empty();
    }
}
