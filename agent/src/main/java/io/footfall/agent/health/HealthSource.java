package io.footfall.agent.health;

import java.util.Optional;
import java.util.function.Supplier;

/** A sensor kind's section of the health of a running node: what it is and how to read it now. */
public interface HealthSource<H extends KindHealth> {
    HealthKind<H> kind();

    /**
     * A reader for one {@link HealthReport}: each call reads the section now, from what the pipeline
     * last published, without blocking it; it may keep its previous reading to give a rate.
     */
    Supplier<H> reader();

    /** Its figures for the window now open, as of the pipeline's last loop; from any thread. */
    default Optional<KindWindow> windowSoFar() {
        return Optional.empty();
    }
}
