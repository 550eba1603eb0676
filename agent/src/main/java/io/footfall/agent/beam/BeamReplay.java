package io.footfall.agent.beam;

import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.BeamCounts.PassageCounts;
import io.footfall.hal.beam.BeamEdge;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a finished stream of edges offline, one {@link PassageDecoder} per passage in order of
 * first appearance, exactly as the agent would have live, and totals the crossings.
 */
public final class BeamReplay {
    private final DecoderSettings settings;
    private final Map<String, Passage> passages = new LinkedHashMap<>();
    private long last = Long.MIN_VALUE;

    private static final class Passage implements CrossingListener {
        final PassageDecoder decoder;
        int in;
        int out;
        boolean blocked;

        Passage(String name, DecoderSettings settings) {
            decoder = new PassageDecoder(name, settings, this);
        }

        @Override
        public void onCrossing(Crossing c) {
            if (c.direction() == Direction.IN) {
                in++;
            } else {
                out++;
            }
        }

        @Override
        public void onBlocked(String passage, boolean isBlocked) {
            blocked |= isBlocked;
        }
    }

    public BeamReplay(DecoderSettings settings) {
        this.settings = settings;
    }

    public void edge(BeamEdge e) {
        passages.computeIfAbsent(e.passage(), name -> new Passage(name, settings)).decoder.onEdge(e);
        last = Math.max(last, e.tNanos());
    }

    /**
     * Lets every decoder see the time pass that ends its last episode, then returns the counts;
     * {@code blocked} is whether the passage was blocked at any time.
     */
    public BeamCounts finish() {
        long settle = settings.maxGap().toNanos() + Math.max(settings.debounce().toNanos(), settings.minBreak().toNanos())
                + PassageDecoder.LATE_EDGE_NANOS + 1;
        List<PassageCounts> counts = new ArrayList<>();
        for (Map.Entry<String, Passage> e : passages.entrySet()) {
            Passage p = e.getValue();
            p.decoder.tick(last + settle);
            counts.add(new PassageCounts(e.getKey(), p.in, p.out, p.blocked));
        }
        return BeamCounts.of(counts);
    }
}
