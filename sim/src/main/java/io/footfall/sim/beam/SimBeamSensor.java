package io.footfall.sim.beam;

import io.footfall.hal.beam.BeamEdge;
import io.footfall.hal.beam.BeamListener;
import io.footfall.hal.beam.BeamSensor;
import io.footfall.hal.beam.PassageSpec;
import io.footfall.sim.GroundTruth;
import io.footfall.sim.SimClock;
import io.footfall.sim.TrafficProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Simulated beams: people arrive at each passage as a Poisson process whose rate follows a
 * {@link TrafficProfile}, half of them in and half out, and cross one after another; their edges are
 * delivered when the simulated clock reaches them.
 */
public final class SimBeamSensor implements BeamSensor {
    private static final long CHUNK_NANOS = 10_000_000_000L;

    private final List<PassageSpec> passages;
    private final SimClock clock;
    private final TrafficProfile profile;
    private final BeamPhysics physics;
    private final SplittableRandom random;
    private final Optional<GroundTruth> truth;
    private final long[] freeAt;
    private Thread thread;

    public SimBeamSensor(List<PassageSpec> passages, SimClock clock, TrafficProfile profile, BeamPhysics physics, long seed,
            Optional<GroundTruth> truth) {
        this.passages = List.copyOf(passages);
        this.clock = clock;
        this.profile = profile;
        this.physics = physics;
        this.random = new SplittableRandom(seed);
        this.truth = truth;
        this.freeAt = new long[passages.size()];
    }

    @Override
    public List<PassageSpec> passages() {
        return passages;
    }

    @Override
    public synchronized void start(BeamListener listener) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        for (PassageSpec p : passages) {
            long t = clock.monoNanos();
            listener.onEdge(new BeamEdge(t, p.name(), io.footfall.hal.beam.Beam.A, false));
            listener.onEdge(new BeamEdge(t, p.name(), io.footfall.hal.beam.Beam.B, false));
        }
        thread = new Thread(() -> run(listener), "sim-beams");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(BeamListener listener) {
        long from = clock.monoNanos();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long to = from + CHUNK_NANOS;
                List<BeamEdge> edges = generate(from, to);
                for (BeamEdge e : edges) {
                    clock.sleepUntilMono(e.tNanos());
                    listener.onEdge(e);
                }
                clock.sleepUntilMono(to);
                from = to;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Walkers whose first edge falls in [from, to), and all their edges, in time order. */
    List<BeamEdge> generate(long from, long to) {
        List<BeamEdge> out = new ArrayList<>();
        for (int i = 0; i < passages.size(); i++) {
            String name = passages.get(i).name();
            double perHour = profile.perHourAt(clock.wallMillisAt(from));
            if (perHour <= 0) {
                continue;
            }
            double meanGapNanos = 3600e9 / perHour;
            long t = Math.max(from, freeAt[i]) + (long) (-Math.log(1 - random.nextDouble()) * meanGapNanos);
            while (t < to) {
                Walker w = new Walker(t, random.nextBoolean(), clamp(1.3 + random.nextDouble(-0.4, 0.4), 0.6, 2.5),
                        clamp(0.28 + random.nextDouble(-0.06, 0.06), 0.15, 0.5));
                List<BeamEdge> edges = physics.edges(name, w);
                out.addAll(edges);
                long end = edges.get(edges.size() - 1).tNanos();
                truth.ifPresent(g -> g.crossing(new GroundTruth.TrueCrossing(end, name, w.in())));
                // The next person enters only once this one has left both beams (single file).
                freeAt[i] = end + 100_000_000L;
                t = freeAt[i] + (long) (-Math.log(1 - random.nextDouble()) * meanGapNanos);
            }
            freeAt[i] = Math.max(freeAt[i], to);
        }
        out.sort(Comparator.comparingLong(BeamEdge::tNanos));
        return out;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
