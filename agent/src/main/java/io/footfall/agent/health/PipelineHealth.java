package io.footfall.agent.health;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The pipeline section of a health snapshot ({@code pipeline}); each counter absent means 0.
 *
 * @param droppedEvents sensor events dropped because the pipeline fell behind
 * @param unstoredWindows closed windows held in memory because the outbox could not take them
 */
public record PipelineHealth(OptionalLong droppedEvents, OptionalLong unstoredWindows) {
    public PipelineHealth {
        Objects.requireNonNull(droppedEvents, "pipeline.droppedEvents");
        Objects.requireNonNull(unstoredWindows, "pipeline.unstoredWindows");
    }

    public static PipelineHealth of(long droppedEvents, long unstoredWindows) {
        return new PipelineHealth(OptionalLong.of(droppedEvents), OptionalLong.of(unstoredWindows));
    }

    /** Zero counters left out. */
    PipelineHealth compact() {
        return new PipelineHealth(Compact.counter(droppedEvents), Compact.counter(unstoredWindows));
    }

    boolean isEmpty() {
        return droppedEvents.isEmpty() && unstoredWindows.isEmpty();
    }
}
