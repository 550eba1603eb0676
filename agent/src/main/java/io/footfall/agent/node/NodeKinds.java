package io.footfall.agent.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sensor kinds one node counts, in the order their sections are written; built from the one
 * registration of the kinds ({@code kinds.Kinds#on}).
 */
public final class NodeKinds {
    private final List<NodeKind<?>> all;

    private NodeKinds(List<NodeKind<?>> all) {
        this.all = List.copyOf(all);
    }

    /** These pipelines, in this order. */
    public static NodeKinds of(List<NodeKind<?>> kinds) {
        return new NodeKinds(kinds);
    }

    /** These kinds and {@code kind}, whose section is written after theirs. */
    public NodeKinds with(NodeKind<?> kind) {
        List<NodeKind<?>> more = new ArrayList<>(all);
        more.add(kind);
        return new NodeKinds(more);
    }

    /** The one kind of this class, if the node counts it. */
    <K extends NodeKind<?>> Optional<K> find(Class<K> type) {
        return all.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    List<NodeKind<?>> all() {
        return all;
    }
}
