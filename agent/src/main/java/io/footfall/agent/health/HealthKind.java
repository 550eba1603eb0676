package io.footfall.agent.health;

import java.util.Objects;
import java.util.Optional;

/**
 * How a sensor kind's section of a health snapshot is read back: its key and record type.
 *
 * @param required every snapshot carries it (a reader then refuses one without it)
 * @param window the record of its figures in the status file's window so far, if it has any
 */
public record HealthKind<H extends KindHealth>(String key, Class<H> type, boolean required, Optional<Class<? extends KindWindow>> window) {
    public HealthKind {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(window, "window");
    }

    /** A section with no figures in the window so far. */
    public HealthKind(String key, Class<H> type, boolean required) {
        this(key, type, required, Optional.empty());
    }
}
