package io.footfall.agent.window.beam;

import io.footfall.hal.beam.BeamEdge;

/** What the beam sensors hand the pipeline. */
public sealed interface BeamEvent {
    /** One raw edge of one beam. */
    record Edge(BeamEdge edge) implements BeamEvent {}
}
