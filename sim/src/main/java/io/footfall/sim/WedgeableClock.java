package io.footfall.sim;

import io.footfall.hal.NodeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * For tests of the systemd watchdog ({@code sim-wedge-file}): the simulated clock, except that once
 * the file exists, {@link #realNanosUntil} never returns. Only the agent's pipeline thread asks that
 * question, so the pipeline wedges as it would in a deadlock while sensors, capture and delivery
 * carry on. Interrupts are ignored, as a real wedge would.
 */
final class WedgeableClock implements NodeClock {
    private final SimClock clock;
    private final Path wedgeFile;

    WedgeableClock(SimClock clock, Path wedgeFile) {
        this.clock = Objects.requireNonNull(clock);
        this.wedgeFile = Objects.requireNonNull(wedgeFile);
    }

    @Override
    public long realNanosUntil(long wallMillis) {
        if (Files.exists(wedgeFile)) {
            while (true) {
                LockSupport.park(this);
            }
        }
        return clock.realNanosUntil(wallMillis);
    }

    @Override
    public long wallMillis() {
        return clock.wallMillis();
    }

    @Override
    public long monoNanos() {
        return clock.monoNanos();
    }

    @Override
    public boolean synced() {
        return clock.synced();
    }

    @Override
    public long wallMillisAt(long monoNanos) {
        return clock.wallMillisAt(monoNanos);
    }

    @Override
    public long nodeNanos(long realNanos) {
        return clock.nodeNanos(realNanos);
    }
}
