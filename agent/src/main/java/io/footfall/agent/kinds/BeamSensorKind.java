package io.footfall.agent.kinds;

import io.footfall.agent.counts.SectionKind;
import io.footfall.agent.counts.beam.BeamKind;
import io.footfall.agent.node.NodeKind;
import io.footfall.agent.node.beam.BeamCounting;
import java.util.Optional;

/**
 * Crossings of break-beam passages: always counted (every counts message has {@code beam}, with no
 * passages if the node has none).
 */
final class BeamSensorKind implements SensorKind {
    private final BeamKind section = new BeamKind();

    @Override
    public SectionKind<?> section() {
        return section;
    }

    @Override
    public Optional<NodeKind<?>> count(KindContext on) {
        return Optional.of(new BeamCounting(on.hal().beams(), on.decoder(), on.hal().clock()));
    }
}
