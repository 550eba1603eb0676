package io.footfall.hal;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Jittered exponential backoff, for everything that retries (broker connection, capture process):
 * attempt {@code n} (0-based) waits a random time in {@code [ceiling/2, ceiling]}, never below
 * {@code min}, where {@code ceiling = min(max, min * 2^n)}. The jitter keeps a city's nodes from
 * retrying in lock-step after a broker restart.
 */
public record Backoff(Duration min, Duration max) {
    public Backoff {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max, got " + min + ", " + max);
        }
    }

    public Duration delay(int attempt, RandomGenerator random) {
        long minNanos = min.toNanos();
        long maxNanos = max.toNanos();
        int shift = Math.min(Math.max(attempt, 0), 40);
        long ceiling = minNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, minNanos << shift);
        long floor = Math.max(minNanos, ceiling / 2);
        long nanos = floor >= ceiling ? ceiling : floor + (long) (random.nextDouble() * (ceiling - floor));
        return Duration.ofNanos(nanos);
    }
}
