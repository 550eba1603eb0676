package io.footfall.agent.window;

import io.footfall.agent.health.HealthSource;
import java.util.List;
import java.util.Optional;

/**
 * The sensor kinds one node counts, in the order their sections are written, and their health
 * sections' readings; built from the one registration of the kinds ({@code kinds.Kinds#on}).
 */
public final class NodeKinds {
    private final List<NodeKind<?>> all;
    private final List<HealthSource<?>> health;

    private NodeKinds(List<NodeKind<?>> all, List<HealthSource<?>> health) {
        this.all = List.copyOf(all);
        this.health = List.copyOf(health);
    }

    /** These pipelines and health sections, each in this order. */
    public static NodeKinds of(List<NodeKind<?>> kinds, List<HealthSource<?>> health) {
        return new NodeKinds(kinds, health);
    }

    /** The one kind of this class, if the node counts it. */
    public <K extends NodeKind<?>> Optional<K> find(Class<K> type) {
        return all.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public List<NodeKind<?>> all() {
        return all;
    }

    /** Each kind's health section, in the kinds' order. */
    public List<HealthSource<?>> health() {
        return health;
    }
}
