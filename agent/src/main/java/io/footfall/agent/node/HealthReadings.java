package io.footfall.agent.node;

import io.footfall.agent.health.HealthSource;
import io.footfall.agent.health.KindWindow;
import io.footfall.agent.health.PipelineReadings;
import io.footfall.agent.health.WindowSoFar;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What health reads of a {@link NodeAgent}: the node hands this view to its {@code HealthReport}. */
public final class HealthReadings implements PipelineReadings {
    private final NodeAgent agent;

    public HealthReadings(NodeAgent agent) {
        this.agent = agent;
    }

    @Override
    public List<HealthSource<?>> sensors() {
        return agent.healthSources();
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
        return agent.windowSoFar().map(w -> {
            Map<String, KindWindow> sensors = new LinkedHashMap<>();
            for (HealthSource<?> s : agent.healthSources()) {
                s.windowSoFar().ifPresent(k -> sensors.put(s.kind().key(), k));
            }
            return new WindowSoFar(Instant.ofEpochMilli(w.startMillis()), Instant.ofEpochMilli(w.endMillis()), sensors,
                    WindowSoFar.CoverageSoFar.of(w.coverage()));
        });
    }
}
