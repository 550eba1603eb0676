package io.footfall.agent.kinds.tally;

import io.footfall.agent.health.HealthKind;
import io.footfall.agent.health.KindHealth;
import java.util.List;
import java.util.Optional;

/** The tally's section of the health snapshot: presses counted since the agent started. */
public record TallyHealth(long presses) implements KindHealth {
    static final HealthKind<TallyHealth> KIND = new HealthKind<>(TallyKind.KEY, TallyHealth.class, false, Optional.of(TallySoFar.class));

    public TallyHealth {
        if (presses < 0) {
            throw new IllegalArgumentException("presses cannot be negative: " + presses);
        }
    }

    @Override
    public List<String> watchLines() {
        return List.of(String.format("tally    %s presses counted since start", presses));
    }
}
