package io.footfall.agent.mqtt;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Jittered exponential backoff: attempt {@code n} (0-based) waits a random time in
 * {@code [ceiling/2, ceiling]} where {@code ceiling = min(max, min * 2^n)}, never below {@code min}.
 * The jitter keeps a city's nodes from reconnecting in lock-step after a broker restart.
 */
public final class Backoff {
    private final Duration min;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration min, Duration max, RandomGenerator random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max, got " + min + ", " + max);
        }
        this.min = min;
        this.max = max;
        this.random = Objects.requireNonNull(random);
    }

    public Duration delay(int attempt) {
        long minNanos = min.toNanos();
        long maxNanos = max.toNanos();
        int shift = Math.min(Math.max(attempt, 0), 40);
        long ceiling = minNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, minNanos << shift);
        long floor = Math.max(minNanos, ceiling / 2);
        long nanos = floor >= ceiling ? ceiling : floor + (long) (random.nextDouble() * (ceiling - floor));
        return Duration.ofNanos(nanos);
    }
}
