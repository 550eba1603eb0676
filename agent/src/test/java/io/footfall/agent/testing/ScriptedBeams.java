package io.footfall.agent.testing;

import io.footfall.hal.NodeClock;
import io.footfall.hal.beam.Beam;
import io.footfall.hal.beam.BeamEdge;
import io.footfall.hal.beam.BeamListener;
import io.footfall.hal.beam.BeamSensor;
import io.footfall.hal.beam.PassageSpec;
import java.util.List;

/** One passage, {@code door-1}, whose edges the test reports, stamped with the test's clock. */
public final class ScriptedBeams implements BeamSensor {
    private final NodeClock clock;
    private volatile BeamListener listener;

    public ScriptedBeams(NodeClock clock) {
        this.clock = clock;
    }

    @Override
    public List<PassageSpec> passages() {
        return List.of(new PassageSpec("door-1", 17, 27));
    }

    @Override
    public void start(BeamListener l) {
        listener = l;
    }

    public void edge(Beam beam, boolean broken) {
        listener.onEdge(new BeamEdge(clock.monoNanos(), "door-1", beam, broken));
    }

    @Override
    public void close() {}
}
