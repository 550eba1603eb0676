package io.footfall.agent.window;

import io.footfall.agent.counts.CountsSection;
import java.util.Optional;

/** One kind's counts in one open window. Used on the pipeline thread only. */
public interface WindowPart {
    /**
     * The window closes: its section of the counts message, or empty for none. Called once; any
     * secret the part holds (a Wi-Fi salt) is destroyed here.
     *
     * @param countingMillis wall milliseconds of the window during which the agent was counting
     */
    Optional<CountsSection> close(long countingMillis);

    /** The window is dropped unpublished (the agent stops): destroys what {@link #close} would. */
    default void discard() {}
}
