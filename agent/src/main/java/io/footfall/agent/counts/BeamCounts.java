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

    /**
     * @param blocked whether the passage was blocked at any time during the window
     * @param blockedSeconds for how long, in whole seconds (rounded), counted from when the beam
     *     broke rather than from when the alarm was raised {@code beam-blocked-after} later; 0 when
     *     not blocked
     */
    public record PassageCounts(String name, int in, int out, boolean blocked, long blockedSeconds) {
        public PassageCounts {
            if (blockedSeconds < 0) {
                throw new IllegalArgumentException("blockedSeconds cannot be negative");
            }
        }

        /** Counts whose blocked time is not known (offline replay). */
        public PassageCounts(String name, int in, int out, boolean blocked) {
            this(name, in, out, blocked, 0);
        }
    }
}
