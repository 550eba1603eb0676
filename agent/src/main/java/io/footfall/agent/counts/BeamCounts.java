package io.footfall.agent.counts;

import java.util.List;

/** Crossings in one window: totals and per passage. */
public record BeamCounts(int in, int out, List<PassageCounts> passages) {
    public BeamCounts {
        passages = List.copyOf(passages);
    }

    public static BeamCounts of(List<PassageCounts> passages) {
        return new BeamCounts(
                passages.stream().mapToInt(PassageCounts::in).sum(),
                passages.stream().mapToInt(PassageCounts::out).sum(),
                passages);
    }

    /** @param blocked whether the passage was blocked at any time during the window */
    public record PassageCounts(String name, int in, int out, boolean blocked) {}
}
