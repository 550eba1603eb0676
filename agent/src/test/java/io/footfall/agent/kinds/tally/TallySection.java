package io.footfall.agent.kinds.tally;

import io.footfall.agent.counts.CountsSection;

/** The {@code tally} section: button presses in the window. */
public record TallySection(int clicks) implements CountsSection {
    public TallySection {
        if (clicks < 0) {
            throw new IllegalArgumentException("clicks cannot be negative: " + clicks);
        }
    }
}
