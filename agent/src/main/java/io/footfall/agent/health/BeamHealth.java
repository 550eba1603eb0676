package io.footfall.agent.health;

import java.util.List;
import java.util.Objects;

/**
 * The beam section of a health snapshot ({@code beam}): each passage's state since the agent
 * started. The beam sensor kind's own part, kept apart from the others so a kind can bring its own.
 */
public record BeamHealth(List<Passage> passages) {
    public BeamHealth {
        passages = List.copyOf(Objects.requireNonNull(passages, "beam.passages"));
    }

    /**
     * @param blocked a beam has stayed broken longer than {@code beam-blocked-after}
     * @param crossings crossings counted since the agent started
     */
    public record Passage(String name, boolean blocked, long crossings) {
        public Passage {
            Objects.requireNonNull(name, "beam.passages.name");
        }
    }
}
