package io.footfall.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * What really happened in a simulation: every crossing and every probe sent. Recorded only when
 * asked for ({@link SimHal#recordTruth()}), since a long simulated run would otherwise grow without
 * bound. Thread-safe.
 */
public final class GroundTruth {
    /** @param tNanos monotonic time of the crossing's last edge, when a decoder can first know it */
    public record TrueCrossing(long tNanos, String passage, boolean in) {}

    /** @param phone which simulated phone sent it, whatever address it used */
    public record TrueProbe(long tNanos, long source, int phone) {}

    private final List<TrueCrossing> crossings = new ArrayList<>();
    private final List<TrueProbe> probes = new ArrayList<>();

    public synchronized void crossing(TrueCrossing c) {
        crossings.add(c);
    }

    public synchronized void probe(TrueProbe p) {
        probes.add(p);
    }

    public synchronized List<TrueCrossing> crossings() {
        return List.copyOf(crossings);
    }

    public synchronized List<TrueProbe> probes() {
        return List.copyOf(probes);
    }
}
