package io.footfall.agent.kinds;

import io.footfall.agent.counts.SectionKind;
import io.footfall.agent.node.NodeKind;
import java.util.Optional;

/**
 * A sensor kind as a whole (a break-beam, Wi-Fi probes, a BLE scanner): the one thing registered
 * for it, in {@link Kinds#STANDARD} (or {@link Kinds#with} in a test). It brings its section of the
 * counts message ({@link SectionKind}: key, record, merging, schema) and its pipeline on a node
 * ({@link NodeKind}), built on the node's hardware; nothing else in the counts path names it
 * (docs/ARCHITECTURE.md, "Adding a sensor kind").
 */
public interface SensorKind {
    /** Its section of the counts message: how it is written, merged, read and checked. */
    SectionKind<?> section();

    /**
     * Its pipeline on a node whose hardware and settings are {@code on}; empty when that hardware has
     * none of its sensors (a node without a Wi-Fi capture counts no Wi-Fi). Its {@link NodeKind#key()}
     * is its section's key.
     */
    Optional<NodeKind<?>> count(KindContext on);
}
