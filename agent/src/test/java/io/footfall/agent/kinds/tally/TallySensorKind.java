package io.footfall.agent.kinds.tally;

import io.footfall.agent.counts.SectionKind;
import io.footfall.agent.health.HealthKind;
import io.footfall.agent.health.HealthSource;
import io.footfall.agent.health.KindWindow;
import io.footfall.agent.kinds.KindContext;
import io.footfall.agent.kinds.SensorKind;
import io.footfall.agent.window.NodeKind;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tally kind as a whole, its one registration: {@code Kinds.STANDARD.with(new TallySensorKind(sensor))}
 * on a node, {@code with(new TallySensorKind())} where there is no counter (a receiver).
 */
final class TallySensorKind implements SensorKind {
    private final TallyKind section = new TallyKind();
    private final Optional<TallySensor> sensor;

    /** No counter here: a receiver reads the section, a node would count nothing. */
    TallySensorKind() {
        this.sensor = Optional.empty();
    }

    TallySensorKind(TallySensor sensor) {
        this.sensor = Optional.of(sensor);
    }

    @Override
    public SectionKind<?> section() {
        return section;
    }

    @Override
    public Optional<HealthKind<?>> health() {
        return Optional.of(TallyHealth.KIND);
    }

    /** On a node with a counter, its pipeline and its health section; elsewhere neither. */
    @Override
    public OnNode on(KindContext on) {
        Optional<TallyCounting> counting = sensor.map(s -> new TallyCounting(s, on.hal().clock()));
        return new OnNode(counting.map(c -> (NodeKind<?>) c), counting.map(c -> (HealthSource<?>) new HealthSource<TallyHealth>() {
            @Override
            public HealthKind<TallyHealth> kind() {
                return TallyHealth.KIND;
            }

            @Override
            public Supplier<TallyHealth> reader() {
                return () -> new TallyHealth(c.counted());
            }

            @Override
            public Optional<KindWindow> windowSoFar() {
                return Optional.of(new TallySoFar(c.countedSoFar()));
            }
        }));
    }
}
