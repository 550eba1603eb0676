package io.footfall.agent.health;

import java.util.Objects;

/**
 * How a sensor kind's section of a health snapshot is read back: its key and record type.
 *
 * @param required every snapshot carries it (a reader then refuses one without it)
 */
public record HealthKind<H extends KindHealth>(String key, Class<H> type, boolean required) {
    public HealthKind {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
    }
}
