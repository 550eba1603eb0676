package io.footfall.hal;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real clock of a node: {@link System#currentTimeMillis()} and {@link System#nanoTime()}. */
public final class SystemNodeClock implements NodeClock {
    /** Exists while systemd-timesyncd considers the clock synchronised. */
    private static final Path TIMESYNCD_FLAG = Path.of("/run/systemd/timesync/synchronized");

    private final Path syncFlag;

    public SystemNodeClock() {
        this(TIMESYNCD_FLAG);
    }

    public SystemNodeClock(Path syncFlag) {
        this.syncFlag = syncFlag;
    }

    @Override
    public long wallMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public long monoNanos() {
        return System.nanoTime();
    }

    @Override
    public boolean synced() {
        return Files.exists(syncFlag);
    }

    @Override
    public long realNanosUntil(long wallMillis) {
        return (wallMillis - wallMillis()) * 1_000_000L;
    }
}
