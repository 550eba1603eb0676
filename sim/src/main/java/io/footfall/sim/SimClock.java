package io.footfall.sim;

import io.footfall.hal.NodeClock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An accelerated clock: {@code speed} simulated seconds pass per real second. Wall and monotonic time
 * are locked together exactly ({@code wall = startWall + mono / 1e6}), so a simulated edge stamped in
 * monotonic nanoseconds falls in exactly one window. Always synchronised.
 */
public final class SimClock implements NodeClock {
    private final long startWallMillis;
    private final double speed;
    private final AtomicLong realStart = new AtomicLong(Long.MIN_VALUE);

    public SimClock(long startWallMillis, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive");
        }
        this.startWallMillis = startWallMillis;
        this.speed = speed;
    }

    @Override
    public long wallMillis() {
        return startWallMillis + monoNanos() / 1_000_000L;
    }

    /** Starts the clock; idempotent. The simulated sensors call it when they start. */
    public void start() {
        realStart.compareAndSet(Long.MIN_VALUE, System.nanoTime());
    }

    @Override
    public long monoNanos() {
        long start = realStart.get();
        return start == Long.MIN_VALUE ? 0 : (long) ((System.nanoTime() - start) * speed);
    }

    @Override
    public boolean synced() {
        return true;
    }

    @Override
    public long realNanosUntil(long wallMillis) {
        return (long) ((wallMillis - wallMillis()) * 1_000_000L / speed);
    }

    @Override
    public long wallMillisAt(long monoNanos) {
        return startWallMillis + Math.floorDiv(monoNanos, 1_000_000L);
    }

    @Override
    public long nodeNanos(long realNanos) {
        return (long) (realNanos * speed);
    }

    public long startWallMillis() {
        return startWallMillis;
    }

    public double speed() {
        return speed;
    }

    /** Sleeps in real time until this clock's monotonic time reaches {@code monoNanos}. */
    public void sleepUntilMono(long monoNanos) throws InterruptedException {
        long realNanos = (long) ((monoNanos - monoNanos()) / speed);
        if (realNanos > 0) {
            Thread.sleep(realNanos / 1_000_000L, (int) (realNanos % 1_000_000L));
        }
    }
}
