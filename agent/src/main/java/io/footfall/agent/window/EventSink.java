package io.footfall.agent.window;

/** Where a kind's sensors put their events for the pipeline thread; callable from any thread. */
@FunctionalInterface
public interface EventSink<E> {
    /**
     * Queues {@code event}, which stands for {@code weight} events (a batch of probes) in the count
     * of those dropped when the pipeline falls behind.
     */
    void accept(E event, int weight);

    default void accept(E event) {
        accept(event, 1);
    }
}
