package io.footfall.agent.health;

import io.footfall.agent.kinds.Kinds;
import java.util.ArrayList;
import java.util.List;

/**
 * The health sections a reader knows, in the order they are written. Built from the one
 * registration of the kinds, {@link Kinds} ({@link Kinds#health()}).
 */
public final class HealthKinds {
    /** The sections of the node's kinds ({@link Kinds#STANDARD}): {@code beam}, then {@code wifi}. */
    public static final HealthKinds STANDARD = Kinds.STANDARD.health();

    private final List<HealthKind<?>> kinds;

    private HealthKinds(List<HealthKind<?>> kinds) {
        List<String> keys = new ArrayList<>();
        for (HealthKind<?> k : kinds) {
            if (keys.contains(k.key())) {
                throw new IllegalArgumentException("two sensor kinds write health section " + k.key());
            }
            keys.add(k.key());
        }
        this.kinds = List.copyOf(kinds);
    }

    public static HealthKinds of(List<HealthKind<?>> kinds) {
        return new HealthKinds(kinds);
    }

    public List<HealthKind<?>> all() {
        return kinds;
    }
}
