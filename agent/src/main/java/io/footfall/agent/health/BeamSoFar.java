package io.footfall.agent.health;

import io.footfall.agent.counts.BeamCounts;
import java.util.List;
import java.util.Objects;

/** The crossings of the window now open, in the counts message's own encoding ({@code window.beam}). */
public record BeamSoFar(BeamCounts beam) implements KindWindow {
    public BeamSoFar {
        Objects.requireNonNull(beam, "window.beam");
    }

    @Override
    public String summary() {
        return String.format("in %s  out %s", beam.in(), beam.out());
    }

    @Override
    public List<String> lines() {
        return beam.passages().stream().map(p -> String.format("  %-10s in %-5s out %-5s", p.name(), p.in(), p.out())).toList();
    }
}
