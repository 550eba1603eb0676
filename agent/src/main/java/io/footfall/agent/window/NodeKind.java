package io.footfall.agent.window;

/**
 * A sensor kind on the node: it starts its sensors, takes their events on the pipeline thread and
 * keeps one {@link WindowPart} per open window, which becomes its section of the counts message when
 * the window closes. Its section's writing, merging, parsing and schema are its
 * {@link io.footfall.agent.counts.SectionKind}; both come from the kind's one registration, a
 * {@link io.footfall.agent.kinds.SensorKind} in {@link io.footfall.agent.kinds.Kinds}. Everything but {@link #start} runs on the
 * pipeline thread, so a kind needs no locks.
 *
 * @param <E> the kind's events: a sealed type of its own
 */
public interface NodeKind<E> {
    /** The key of its section in the counts message (its {@code SectionKind}'s). */
    String key();

    /**
     * Starts its sensors; they hand each event to {@code sink}, from any thread. {@code windows} is
     * where the pipeline thread later finds the window an event belongs to.
     */
    void start(EventSink<E> sink, WindowSet windows);

    /** One event, on the pipeline thread. */
    void handle(E event);

    /**
     * Called once per loop: decides what can be decided up to {@code settledNanos} (node time up to
     * which every event has arrived) and returns the node time up to which windows may close as far
     * as this kind is concerned: a window closes only once it is past its end. {@link Long#MAX_VALUE}
     * for a kind that never holds a window back.
     */
    default long decide(long settledNanos) {
        return Long.MAX_VALUE;
    }

    /** The part of a window just opened. */
    WindowPart open(OpenWindow window);

    /**
     * Called once per loop, after windows closed: publishes what other threads read of this kind
     * (its health section's readings) in fields they may read at any time.
     */
    default void publish() {}

    /** Stops sensors the HAL does not close itself; called once, when the pipeline stops. */
    default void stop() {}
}
