package io.footfall.hal.wifi.capture;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Jittered exponential backoff between restarts of the capture process: attempt {@code n} waits
 * between half and all of {@code min(initial * 2^n, max)}, so that nodes restarted together do
 * not retry in step.
 */
public record Backoff(Duration initial, Duration max) {
    /** 1 s doubling up to 60 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
    }

    public Duration delay(int attempt, RandomGenerator random) {
        long cap = max.toNanos();
        long base = initial.toNanos();
        for (int i = 0; i < attempt && base < cap; i++) {
            base = Math.min(cap, base * 2);
        }
        long half = base / 2;
        return Duration.ofNanos(half + (long) (random.nextDouble() * (base - half)));
    }
}
