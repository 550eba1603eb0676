package io.footfall.agent.counts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sensor kinds whose sections a counts message may carry, in the order they are written. Built
 * from the one registration of the kinds, {@code io.footfall.agent.kinds.Kinds} ({@code Kinds.sections()}).
 */
public final class SectionKinds {
    private final Map<String, SectionKind<?>> byKey = new LinkedHashMap<>();

    private SectionKinds(List<SectionKind<?>> kinds) {
        for (SectionKind<?> k : kinds) {
            if (byKey.putIfAbsent(k.key(), k) != null) {
                throw new IllegalArgumentException("two sensor kinds write section " + k.key());
            }
        }
    }

    /** The sections of these kinds, in this order; see {@code Kinds.sections()}. */
    public static SectionKinds of(List<SectionKind<?>> kinds) {
        return new SectionKinds(kinds);
    }

    /** These kinds and {@code kind}, written after them. */
    public SectionKinds with(SectionKind<?> kind) {
        List<SectionKind<?>> all = new ArrayList<>(byKey.values());
        all.add(kind);
        return new SectionKinds(all);
    }

    public List<SectionKind<?>> all() {
        return List.copyOf(byKey.values());
    }

    public Optional<SectionKind<?>> get(String key) {
        return Optional.ofNullable(byKey.get(key));
    }
}
