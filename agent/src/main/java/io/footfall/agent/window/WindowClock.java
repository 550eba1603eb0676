package io.footfall.agent.window;

import java.time.Duration;

/** Clock-aligned tumbling windows: window starts are whole multiples of the length since the epoch. */
public record WindowClock(Duration length) {
    public WindowClock {
        if (length.isNegative() || length.isZero() || length.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("window length must be whole positive seconds");
        }
    }

    public long lengthMillis() {
        return length.toMillis();
    }

    /** Start of the window containing {@code wallMillis}. */
    public long startOf(long wallMillis) {
        return Math.floorDiv(wallMillis, lengthMillis()) * lengthMillis();
    }

    /** The first window boundary at or after {@code wallMillis}. */
    public long ceil(long wallMillis) {
        long s = startOf(wallMillis);
        return s == wallMillis ? s : s + lengthMillis();
    }
}
