package io.footfall.sim.beam;

import io.footfall.hal.beam.Beam;
import io.footfall.hal.beam.BeamEdge;
import io.footfall.sim.GroundTruth.TrueCrossing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongToDoubleFunction;

/**
 * People using one simulated passage, generated ahead of time and turned into raw beam edges.
 *
 * <p>Parties arrive as a Poisson process whose rate follows {@code perHourAt} (people per hour at a
 * monotonic time): single people, or groups of 2-4 side by side (each a little ahead or behind the
 * next). Each person is a walker (80%), a child (7%), a runner (3%), someone pushing a pram (5%) or
 * pulling a suitcase (5%), with their own speed and body depth. They walk in lanes 0.6 m wide,
 * keeping right when the passage has two lanes or more; someone catching up with a slower person
 * in their lane stays {@code headway} behind, and someone meeting a person coming the other way in their lane
 * waits until the beams are clear. A share of single arrivals step in and turn back. The beams see
 * the union of all bodies; {@link SensorNoise} is added on top.
 *
 * <p>Ground truth: one {@link TrueCrossing} per person who crosses, stamped with the end of their
 * last occlusion.
 */
public final class Crowd {
    private static final long WAIT_NANOS = 300_000_000L;

    private final String passage;
    private final CrowdSettings settings;
    private final LongToDoubleFunction perHourAt;
    private final BeamPhysics physics;
    private final SplittableRandom random;
    private final SensorNoise noise;
    private final Lane[] lanes;
    private final List<List<long[]>> held = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>()));
    private final long[] lastEnd = new long[2];
    private final List<BeamEdge> pendingEdges = new ArrayList<>();
    private long nextArrival;
    private long generatedTo;

    /** The last person to use a lane. */
    private record Lane(Walker walker, long end) {}

    public Crowd(String passage, CrowdSettings settings, LongToDoubleFunction perHourAt, long startNanos, long seed) {
        this.passage = passage;
        this.settings = settings;
        this.perHourAt = perHourAt;
        this.physics = new BeamPhysics(settings.spacing());
        this.random = new SplittableRandom(seed);
        this.noise = new SensorNoise(settings.noise(), random.split());
        this.lanes = new Lane[settings.lanes()];
        this.nextArrival = startNanos;
        this.generatedTo = startNanos;
        lastEnd[0] = startNanos;
        lastEnd[1] = startNanos;
        nextArrival = startNanos + gap(startNanos);
    }

    /**
     * Generates everyone arriving before {@code toNanos}; delivers, in time order, every raw edge
     * that nothing generated later can change, and the ground truth of everyone generated.
     */
    public void advance(long toNanos, Consumer<BeamEdge> edges, Consumer<TrueCrossing> truth) {
        while (nextArrival < toNanos) {
            party(nextArrival, truth);
            nextArrival += gap(nextArrival);
        }
        generatedTo = Math.max(generatedTo, toNanos);
        release(toNanos, false, edges);
    }

    /** Delivers every edge still held, as if nobody came after {@code endNanos}. */
    public void finish(long endNanos, Consumer<BeamEdge> edges) {
        release(Math.max(endNanos, generatedTo), true, edges);
    }

    /**
     * Generates a whole trace without waiting: every passage's edges merged in time order, then the
     * ground truth in time order.
     */
    public static void generate(List<String> passages, CrowdSettings settings, LongToDoubleFunction perHourAt, long seed,
            long fromNanos, long toNanos, Consumer<BeamEdge> edges, Consumer<TrueCrossing> truth) {
        List<BeamEdge> all = new ArrayList<>();
        List<TrueCrossing> crossings = new ArrayList<>();
        for (String p : passages) {
            all.add(new BeamEdge(fromNanos, p, Beam.A, false));
            all.add(new BeamEdge(fromNanos, p, Beam.B, false));
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        for (String p : passages) {
            Crowd c = new Crowd(p, settings, perHourAt, fromNanos, seeds.nextLong());
            c.advance(toNanos, all::add, crossings::add);
            c.finish(toNanos, all::add);
        }
        all.sort(Comparator.comparingLong(BeamEdge::tNanos));
        crossings.sort(Comparator.comparingLong(TrueCrossing::tNanos));
        all.forEach(edges);
        crossings.forEach(truth);
    }

    private long gap(long t) {
        double perHour = perHourAt.applyAsDouble(t);
        double partiesPerNano = perHour / 3600e9 / (1 + settings.groups() * 1.35);
        if (!(partiesPerNano > 0)) {
            return 60_000_000_000L;
        }
        return 1 + (long) (-Math.log(1 - random.nextDouble()) / partiesPerNano);
    }

    private void party(long arrival, Consumer<TrueCrossing> truth) {
        boolean in = random.nextDouble() < settings.inShare();
        int size = 1;
        if (random.nextDouble() < settings.groups()) {
            double r = random.nextDouble();
            size = r < 0.7 ? 2 : r < 0.95 ? 3 : 4;
        }
        boolean abort = size == 1 && random.nextDouble() < settings.aborts();
        double[][] bodies = new double[size][];
        double speed = Double.MAX_VALUE;
        for (int k = 0; k < size; k++) {
            bodies[k] = body();
            speed = Math.min(speed, bodies[k][0]);
        }
        long start = arrival;
        int[] chosen = new int[size];
        boolean[] taken = new boolean[lanes.length];
        for (int k = 0; k < size; k++) {
            double v = size == 1 ? bodies[k][0] : speed * random.nextDouble(0.97, 1.03);
            bodies[k][0] = v;
            int best = -1;
            double bestCost = Double.MAX_VALUE;
            for (int l = 0; l < lanes.length; l++) {
                if (taken[l] && k < lanes.length) {
                    continue;
                }
                long earliest = earliestStart(lanes[l], in, v, bodies[k][1]);
                double cost = Math.max(earliest, arrival) + (ownSide(l, in) ? 0 : 1e9);
                if (cost < bestCost) {
                    bestCost = cost;
                    best = l;
                }
            }
            chosen[k] = best;
            taken[best] = true;
            if (k < lanes.length) {
                start = Math.max(start, earliestStart(lanes[best], in, v, bodies[k][1]));
            }
        }
        for (int k = 0; k < size; k++) {
            double v = bodies[k][0];
            double depth = bodies[k][1];
            long t = k < lanes.length
                    ? start + (size == 1 ? 0 : (long) (random.nextDouble(0, 0.3) / v * 1e9))
                    : Math.max(start, earliestStart(lanes[chosen[k]], in, v, depth));
            Walker w = abort
                    ? new Walker(t, in, v, depth, random.nextDouble(0.05, settings.spacing() + 0.8 * depth),
                            (long) (random.nextDouble(0.2, 1.0) * 1e9))
                    : new Walker(t, in, v, depth);
            long end = physics.endNanos(w);
            lanes[chosen[k]] = new Lane(w, end);
            for (Beam b : Beam.values()) {
                held.get(b.ordinal()).addAll(physics.occlusions(w, b));
            }
            if (w.crosses()) {
                truth.accept(new TrueCrossing(end, passage, in));
            }
        }
    }

    /** Speed (m/s) and depth (m) of one person. */
    private double[] body() {
        double r = random.nextDouble();
        if (r < 0.80) {
            return new double[] {clamp(1.35 + 0.2 * gaussian(), 0.8, 1.9), random.nextDouble(0.22, 0.36)};
        } else if (r < 0.87) {
            return new double[] {random.nextDouble(1.0, 1.6), random.nextDouble(0.15, 0.22)};
        } else if (r < 0.90) {
            return new double[] {random.nextDouble(2.5, 4.0), random.nextDouble(0.25, 0.35)};
        } else if (r < 0.95) {
            return new double[] {random.nextDouble(0.8, 1.2), random.nextDouble(1.0, 1.4)};
        }
        return new double[] {random.nextDouble(1.0, 1.4), random.nextDouble(0.5, 0.8)};
    }

    private boolean ownSide(int lane, boolean in) {
        if (lanes.length < 2) {
            return true;
        }
        return in ? lane < (lanes.length + 1) / 2 : lane >= lanes.length / 2;
    }

    /** The earliest time someone may reach the first beam in this lane. */
    private long earliestStart(Lane last, boolean in, double v, double depth) {
        if (last == null) {
            return Long.MIN_VALUE;
        }
        Walker l = last.walker();
        if (l.in() != in || !l.crosses()) {
            return last.end() + WAIT_NANOS;
        }
        double far = physics.spacing() + Math.max(depth, l.depth());
        double atFirst = (l.depth() + settings.headway()) / l.speed();
        double atLast = (far + l.depth() + settings.headway()) / l.speed() - far / v;
        return l.startNanos() + (long) (Math.max(atFirst, atLast) * 1e9);
    }

    /** Turns held occlusions that can no longer merge with later ones into edges; delivers edges before the cutoff. */
    private void release(long horizon, boolean all, Consumer<BeamEdge> edges) {
        long cutoff = all ? Long.MAX_VALUE : horizon;
        for (Beam b : Beam.values()) {
            List<long[]> merged = union(held.get(b.ordinal()));
            List<long[]> keep = new ArrayList<>();
            for (long[] o : merged) {
                if (all || o[1] < horizon) {
                    List<Long> toggles = new ArrayList<>();
                    noise.spurious(lastEnd[b.ordinal()], o[0], toggles);
                    noise.breakEdges(o[0], o[1], toggles);
                    for (int k = 0; k < toggles.size(); k++) {
                        pendingEdges.add(new BeamEdge(toggles.get(k), passage, b, k % 2 == 0));
                    }
                    lastEnd[b.ordinal()] = o[1];
                } else {
                    keep.add(o);
                    cutoff = Math.min(cutoff, o[0]);
                }
            }
            held.set(b.ordinal(), keep);
        }
        if (all) {
            for (Beam b : Beam.values()) {
                List<Long> toggles = new ArrayList<>();
                noise.spurious(lastEnd[b.ordinal()], horizon, toggles);
                for (int k = 0; k < toggles.size(); k++) {
                    pendingEdges.add(new BeamEdge(toggles.get(k), passage, b, k % 2 == 0));
                }
            }
        }
        pendingEdges.sort(Comparator.comparingLong(BeamEdge::tNanos));
        int n = 0;
        while (n < pendingEdges.size() && pendingEdges.get(n).tNanos() < cutoff) {
            edges.accept(pendingEdges.get(n++));
        }
        pendingEdges.subList(0, n).clear();
    }

    private static List<long[]> union(List<long[]> intervals) {
        intervals.sort(Comparator.comparingLong(o -> o[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] o : intervals) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && o[0] <= last[1]) {
                last[1] = Math.max(last[1], o[1]);
            } else {
                out.add(new long[] {o[0], o[1]});
            }
        }
        return out;
    }

    private double gaussian() {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
