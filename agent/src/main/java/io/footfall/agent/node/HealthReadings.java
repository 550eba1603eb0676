package io.footfall.agent.node;

import io.footfall.agent.health.BeamHealth;
import io.footfall.agent.health.PipelineReadings;
import io.footfall.agent.health.WindowSoFar;
import io.footfall.hal.wifi.CaptureState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What health reads of a {@link NodeAgent}: the node hands this view to its {@code HealthReport}. */
public final class HealthReadings implements PipelineReadings {
    private final NodeAgent agent;

    public HealthReadings(NodeAgent agent) {
        this.agent = agent;
    }

    @Override
    public long probesSeen() {
        return agent.probesSeen();
    }

    @Override
    public List<BeamHealth.Passage> passages() {
        return agent.passageStates().stream().map(p -> new BeamHealth.Passage(p.name(), p.blocked(), p.crossings())).toList();
    }

    @Override
    public CaptureState capture() {
        return agent.captureState();
    }

    @Override
    public long droppedEvents() {
        return agent.dropped();
    }

    @Override
    public long unstoredWindows() {
        return agent.unstoredWindows();
    }

    @Override
    public Optional<WindowSoFar> windowSoFar() {
        return agent.windowSoFar().map(w -> new WindowSoFar(Instant.ofEpochMilli(w.startMillis()), Instant.ofEpochMilli(w.endMillis()),
                w.beam(), w.probes(), WindowSoFar.CoverageSoFar.of(w.coverage())));
    }
}
