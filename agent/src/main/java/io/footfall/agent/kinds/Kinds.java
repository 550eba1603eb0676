package io.footfall.agent.kinds;

import io.footfall.agent.counts.SectionKind;
import io.footfall.agent.counts.SectionKinds;
import io.footfall.agent.node.NodeKinds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sensor kinds a node counts and a receiver reads, in the order their sections are written: the
 * one registration of a kind. {@link #STANDARD} in main code (the defaults of the counts path,
 * {@link SectionKinds#STANDARD}, are its sections); {@link #with} in a test, passed to
 * {@code NodeAgent} ({@link #on}), {@code CountsMerger} and {@code CountsParser} ({@link #sections()}).
 */
public final class Kinds {
    /** The node's kinds: crossings ({@code beam}), then Wi-Fi ({@code wifi}). */
    public static final Kinds STANDARD = new Kinds(List.of(new BeamSensorKind(), new WifiSensorKind()));

    private final List<SensorKind> kinds;
    private volatile SectionKinds sections;

    private Kinds(List<SensorKind> kinds) {
        Set<String> keys = new HashSet<>();
        for (SensorKind k : kinds) {
            if (!keys.add(k.section().key())) {
                throw new IllegalArgumentException("two sensor kinds write section " + k.section().key());
            }
        }
        this.kinds = List.copyOf(kinds);
    }

    /** These kinds and {@code kind}, whose section is written after theirs. */
    public Kinds with(SensorKind kind) {
        List<SensorKind> all = new ArrayList<>(kinds);
        all.add(kind);
        return new Kinds(all);
    }

    public List<SensorKind> all() {
        return kinds;
    }

    /**
     * Their sections of the counts message; always the same instance for the same kinds (the
     * receiver builds its schema once per instance).
     */
    public SectionKinds sections() {
        SectionKinds s = sections;
        if (s == null) {
            List<SectionKind<?>> all = kinds.stream().<SectionKind<?>>map(SensorKind::section).toList();
            SectionKinds built = SectionKinds.of(all);
            synchronized (this) {
                // SectionKinds.STANDARD is built from here during its own class initialisation: keep the first one
                if (sections == null) {
                    sections = built;
                }
                s = sections;
            }
        }
        return s;
    }

    /** Their pipelines on one node: each kind whose sensors {@code on}'s hardware has. */
    public NodeKinds on(KindContext on) {
        return NodeKinds.of(kinds.stream().flatMap(k -> k.count(on).stream()).toList());
    }
}
