package io.footfall.agent.kinds.tally;

/** What the tally counter hands the pipeline. */
public sealed interface TallyEvent {
    /** One press of the counter's button, at node time {@code tNanos}. */
    record Click(long tNanos) implements TallyEvent {}
}
