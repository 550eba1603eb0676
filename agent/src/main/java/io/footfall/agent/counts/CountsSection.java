package io.footfall.agent.counts;

import java.util.Optional;

/**
 * One sensor kind's part of a counts message ({@code beam}, {@code wifi}, ...): an immutable record
 * that Jackson writes and reads as it is, its compact encoding expressed in its own annotations and
 * factories. Its {@link SectionKind} says under which key it goes and how parts of it merge.
 */
public interface CountsSection {
    /**
     * The share of a window watched for {@code counting} seconds that this section's sensor captured,
     * its compact defaults applied, when the section carries one (Wi-Fi's does); the message's
     * {@link CountsMessage#coverage()} takes it from the first section that has one.
     */
    default Optional<Coverage.Wifi> captured(long counting) {
        return Optional.empty();
    }
}
