package io.footfall.agent.health;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * When to publish a health snapshot (docs/MQTT.md, Health): at the first check, at once when the
 * {@linkplain HealthReport#stateSignature() state signature} differs from the last one published
 * (a capture dying, a passage blocked or clear, the broker, storage faults, clock synchronisation),
 * and otherwise once every {@code health-interval}. The node checks every 10 s, so a change is
 * published within 10 s whatever the interval.
 */
public final class HealthCadence {
    private final long everyNanos;
    private String lastState;
    private long lastNanos;

    /** @param every the {@code health-interval}; at least a nanosecond */
    public HealthCadence(Duration every) {
        Objects.requireNonNull(every, "every");
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("health interval must be positive: " + every);
        }
        this.everyNanos = every.toNanos();
    }

    /**
     * One check (the node runs one every 10 s): publishes {@code report}'s snapshot through
     * {@code publish} when it is due, and then restarts the interval.
     *
     * @param nowNanos monotonic time of the check
     * @return whether a snapshot was published
     */
    public synchronized boolean check(HealthReport report, Consumer<byte[]> publish, long nowNanos) {
        String state = report.stateSignature();
        if (lastState != null && state.equals(lastState) && nowNanos - lastNanos < everyNanos) {
            return false;
        }
        publish.accept(report.json());
        lastState = state;
        lastNanos = nowNanos;
        return true;
    }
}
