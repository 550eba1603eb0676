package io.footfall.agent.kinds;

import io.footfall.agent.counts.SectionKind;
import io.footfall.agent.counts.beam.BeamKind;
import io.footfall.agent.health.BeamHealth;
import io.footfall.agent.health.BeamSoFar;
import io.footfall.agent.health.HealthKind;
import io.footfall.agent.health.HealthSource;
import io.footfall.agent.health.KindWindow;
import io.footfall.agent.window.beam.BeamCounting;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Crossings of break-beam passages: always counted (every counts message has {@code beam}, with no
 * passages if the node has none); health shows each passage blocked or not and its crossings since
 * start.
 */
final class BeamSensorKind implements SensorKind {
    private final BeamKind section = new BeamKind();

    @Override
    public SectionKind<?> section() {
        return section;
    }

    @Override
    public Optional<HealthKind<?>> health() {
        return Optional.of(BeamHealth.KIND);
    }

    @Override
    public OnNode on(KindContext on) {
        BeamCounting counting = new BeamCounting(on.hal().beams(), on.decoder(), on.hal().clock());
        HealthSource<BeamHealth> health = new HealthSource<>() {
            @Override
            public HealthKind<BeamHealth> kind() {
                return BeamHealth.KIND;
            }

            @Override
            public Supplier<BeamHealth> reader() {
                return () -> new BeamHealth(counting.published().stream()
                        .map(p -> new BeamHealth.Passage(p.name(), p.blocked(), p.crossings())).toList());
            }

            @Override
            public Optional<KindWindow> windowSoFar() {
                return Optional.of(new BeamSoFar(counting.publishedSoFar()));
            }
        };
        return new OnNode(Optional.of(counting), Optional.of(health));
    }
}
