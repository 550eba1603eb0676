package io.footfall.agent.counts;

import io.footfall.agent.counts.beam.BeamKind;
import io.footfall.agent.counts.wifi.WifiKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sensor kinds whose sections a counts message may carry, in the order they are written. This is
 * the one registration of a kind: {@link #STANDARD} in main code, {@link #with} in a test.
 */
public final class SectionKinds {
    /** The node's kinds: crossings ({@code beam}), then Wi-Fi ({@code wifi}). */
    public static final SectionKinds STANDARD = new SectionKinds(List.of(new BeamKind(), new WifiKind()));

    private final Map<String, SectionKind<?>> byKey = new LinkedHashMap<>();

    private SectionKinds(List<SectionKind<?>> kinds) {
        for (SectionKind<?> k : kinds) {
            if (byKey.putIfAbsent(k.key(), k) != null) {
                throw new IllegalArgumentException("two sensor kinds write section " + k.key());
            }
        }
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
