package io.footfall.agent.health;

import java.util.ArrayList;
import java.util.List;

/**
 * The health sections a reader knows, in the order they are written. Built from the one
 * registration of the kinds, {@code io.footfall.agent.kinds.Kinds} ({@code Kinds.health()}).
 */
public final class HealthKinds {
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
