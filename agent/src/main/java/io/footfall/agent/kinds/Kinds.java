package io.footfall.agent.kinds;

import io.footfall.agent.counts.SectionKind;
import io.footfall.agent.counts.SectionKinds;
import io.footfall.agent.health.HealthKind;
import io.footfall.agent.health.HealthKinds;
import io.footfall.agent.health.HealthSource;
import io.footfall.agent.window.NodeKind;
import io.footfall.agent.window.NodeKinds;
import java.util.ArrayList;
import java.util.List;

/**
 * The sensor kinds a node counts and a receiver reads, in the order their sections are written: the
 * one registration of a kind. {@link #STANDARD} in main code, {@link #with} in a test; the composition
 * roots pass it to {@code NodeAgent} ({@link #on}), {@code CountsMerger}, {@code CountsParser} and
 * {@code CountsJson.read} ({@link #sections()}) and {@code HealthJson.read} ({@link #health()}): the
 * counts and health packages have no defaults of their own, so they never import this one.
 */
public final class Kinds {
    /** The node's kinds: crossings ({@code beam}), then Wi-Fi ({@code wifi}). */
    public static final Kinds STANDARD = new Kinds(List.of(new BeamSensorKind(), new WifiSensorKind()));

    private final List<SensorKind> kinds;
    private final SectionKinds sections;
    private final HealthKinds health;

    /** @throws IllegalArgumentException when two kinds write the same section (SectionKinds and HealthKinds check) */
    private Kinds(List<SensorKind> kinds) {
        this.kinds = List.copyOf(kinds);
        this.sections = SectionKinds.of(this.kinds.stream().<SectionKind<?>>map(SensorKind::section).toList());
        this.health = HealthKinds.of(this.kinds.stream().flatMap(k -> k.health().stream()).<HealthKind<?>>map(k -> k).toList());
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
        return sections;
    }

    /** Their sections of the health snapshot, for readers; always the same instance for the same kinds. */
    public HealthKinds health() {
        return health;
    }

    /** Their pipelines on one node (each kind whose sensors {@code on}'s hardware has) and their health readings. */
    public NodeKinds on(KindContext on) {
        List<NodeKind<?>> counting = new ArrayList<>();
        List<HealthSource<?>> health = new ArrayList<>();
        for (SensorKind k : kinds) {
            SensorKind.OnNode n = k.on(on);
            n.counting().ifPresent(counting::add);
            n.health().ifPresent(health::add);
        }
        return NodeKinds.of(counting, health);
    }
}
