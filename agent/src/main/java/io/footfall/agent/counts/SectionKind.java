package io.footfall.agent.counts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * What a sensor kind brings to the counts message: its section's key and record type (written and
 * read by Jackson), how the sections of several windows merge into one coarser window, and the JSON
 * Schema fragment the receiver checks the section against. A kind is registered in one place, as
 * part of its {@link io.footfall.agent.kinds.SensorKind} in {@link io.footfall.agent.kinds.Kinds};
 * nothing else in the counts path names it (docs/ARCHITECTURE.md, "Adding a sensor kind").
 *
 * @param <S> the section's record type
 */
public interface SectionKind<S extends CountsSection> {
    /** The section's key in the message, e.g. {@code beam}; a schema identifier, never renamed. */
    String key();

    /** The record type Jackson binds the section to. */
    Class<S> type();

    /** Whether every message carries this section (the schema then requires it). */
    default boolean required() {
        return false;
    }

    /**
     * The section of one coarser window made of {@code parts} (docs/MQTT.md, "coarsened windows").
     * Whole messages are given, oldest first, since a section may read the window's coverage; parts
     * without this section are simply missing from it (an older node, a sensor added later).
     *
     * @return empty when no part has this section and it is not {@link #required()}
     */
    Optional<S> merge(List<CountsMessage> parts);

    /** The JSON Schema (draft 2020-12) of the section, as it appears under {@code properties.<key>}. */
    JsonNode schema();
}
