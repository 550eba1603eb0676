package io.footfall.agent.health;

import java.util.List;
import java.util.Optional;

/**
 * What a {@link HealthReport} reads from the running pipeline, supplied by the node that runs it
 * (so health depends on this view, not on the pipeline's classes). Each call returns the pipeline's
 * latest published state and never blocks it.
 */
public interface PipelineReadings {
    /** Each sensor kind's section, in the kinds' order (including kinds the node has no sensor for, such as Wi-Fi {@code off}). */
    List<HealthSource<?>> sensors();

    /** Sensor events dropped because the pipeline fell behind. */
    long droppedEvents();

    /** Closed windows held in memory because the outbox could not take them. */
    long unstoredWindows();

    /** The window now open; empty before the pipeline's first loop. */
    Optional<WindowSoFar> windowSoFar();
}
