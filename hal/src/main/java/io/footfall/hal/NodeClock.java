package io.footfall.hal;

/**
 * The node's notion of time. Real nodes use the system clocks; the simulator runs an accelerated
 * clock. Everything that windows or timestamps events takes its time from here, never from
 * {@link System} directly.
 */
public interface NodeClock {
    /** Wall-clock time in milliseconds since the epoch; may step when NTP corrects it. */
    long wallMillis();

    /** Monotonic nanoseconds, comparable only with other values from this clock. */
    long monoNanos();

    /** Whether the wall clock is known to be synchronised (NTP) right now. */
    boolean synced();

    /**
     * How many real nanoseconds to wait until this clock's wall time reaches {@code wallMillis};
     * zero or negative when it already has. An accelerated clock divides by its speed.
     */
    long realNanosUntil(long wallMillis);

    /**
     * The wall time (epoch ms) at which this clock's monotonic time was {@code monoNanos}, using the
     * present offset between the two.
     */
    default long wallMillisAt(long monoNanos) {
        return wallMillis() - Math.floorDiv(monoNanos() - monoNanos, 1_000_000L);
    }

    /** How much of this clock's time passes in {@code realNanos} of real time: more on an accelerated clock. */
    default long nodeNanos(long realNanos) {
        return realNanos;
    }


}
