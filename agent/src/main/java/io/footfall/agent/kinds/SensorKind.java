package io.footfall.agent.kinds;

import io.footfall.agent.counts.SectionKind;
import io.footfall.agent.health.HealthKind;
import io.footfall.agent.health.HealthSource;
import io.footfall.agent.window.NodeKind;
import java.util.Objects;
import java.util.Optional;

/**
 * A sensor kind as a whole (a break-beam, Wi-Fi probes, a BLE scanner): the one thing registered
 * for it, in {@link Kinds#STANDARD} (or {@link Kinds#with} in a test). It brings its section of the
 * counts message ({@link SectionKind}: key, record, merging, schema), its section of the health
 * snapshot ({@link HealthKind}, whose record says how {@code footfall watch} shows it) and, on a
 * node, its pipeline ({@link NodeKind}) and the readings of its health section; nothing else in the
 * counts or health path names it (docs/ARCHITECTURE.md, "Adding a sensor kind").
 */
public interface SensorKind {
    /** Its section of the counts message: how it is written, merged, read and checked. */
    SectionKind<?> section();

    /** Its section of the health snapshot, for readers ({@code watch}, {@code diag}, {@code receive}); empty for none. */
    default Optional<HealthKind<?>> health() {
        return Optional.empty();
    }

    /**
     * This kind on a node whose hardware and settings are {@code on}: its pipeline, empty when that
     * hardware has none of its sensors (a node without a Wi-Fi capture counts no Wi-Fi), and the
     * readings of its health section (which may exist without a pipeline: Wi-Fi {@code off}).
     */
    OnNode on(KindContext on);

    /**
     * A kind on one node.
     *
     * @param counting its pipeline, whose {@link NodeKind#key()} is its section's key
     * @param health its health section's readings, of {@link SensorKind#health()}
     */
    record OnNode(Optional<NodeKind<?>> counting, Optional<HealthSource<?>> health) {
        public OnNode {
            Objects.requireNonNull(counting, "counting");
            Objects.requireNonNull(health, "health");
        }
    }
}
