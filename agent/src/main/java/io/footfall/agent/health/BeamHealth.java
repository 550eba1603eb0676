package io.footfall.agent.health;

import io.footfall.hal.spi.DiagCheck;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The beam section of a health snapshot ({@code beam}): each passage's state since the agent
 * started. The beam sensor kind's own part, kept apart from the others so a kind can bring its own.
 */
public record BeamHealth(List<Passage> passages) implements KindHealth {
    /** Its key and type, always there (with no passages if the node has none). */
    public static final HealthKind<BeamHealth> KIND = new HealthKind<>("beam", BeamHealth.class, true, Optional.of(BeamSoFar.class));

    public BeamHealth {
        passages = List.copyOf(Objects.requireNonNull(passages, "beam.passages"));
    }

    /** Each passage blocked ({@code B}) or not ({@code -}). */
    @Override
    public String stateSignature() {
        return passages.stream().map(p -> p.blocked() ? "B" : "-").collect(Collectors.joining());
    }

    /** One line, {@code beams}: a warning naming each passage blocked now. */
    @Override
    public List<DiagCheck> diagChecks() {
        List<String> blocked = passages.stream().filter(Passage::blocked).map(Passage::name).toList();
        long crossings = passages.stream().mapToLong(Passage::crossings).sum();
        return List.of(blocked.isEmpty()
                ? new DiagCheck("beams", DiagCheck.Status.PASS, passages.size() + " passage(s) clear, " + crossings + " crossing(s) since start")
                : new DiagCheck("beams", DiagCheck.Status.WARN, String.join(", ", blocked) + " blocked: a beam has stayed broken longer than"
                        + " beam-blocked-after (an obstruction, or a beam out of alignment); crossings there are not counted"));
    }

    @Override
    public List<String> watchLines() {
        return passages.stream().map(p -> String.format("beams    %-10s %s   crossings since start %s", p.name(),
                p.blocked() ? "BLOCKED" : "ok", p.crossings())).toList();
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
