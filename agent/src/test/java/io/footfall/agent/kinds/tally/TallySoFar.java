package io.footfall.agent.kinds.tally;

import io.footfall.agent.health.KindWindow;

/** The presses of the window now open ({@code window.clicks} in the status file). */
public record TallySoFar(long clicks) implements KindWindow {
    @Override
    public String summary() {
        return "clicks " + clicks;
    }
}
