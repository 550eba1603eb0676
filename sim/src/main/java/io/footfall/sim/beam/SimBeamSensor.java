package io.footfall.sim.beam;

import io.footfall.hal.beam.Beam;
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
 * Simulated beams in real (accelerated) time: a {@link Crowd} per passage whose rate follows a
 * {@link TrafficProfile}; edges are delivered when the simulated clock reaches them, on the
 * sensor's own thread. {@link Crowd#generate} makes the same kind of trace without waiting.
 */
public final class SimBeamSensor implements BeamSensor {
    private static final long CHUNK_NANOS = 10_000_000_000L;

    private final List<PassageSpec> passages;
    private final SimClock clock;
    private final TrafficProfile profile;
    private final CrowdSettings crowd;
    private final long seed;
    private final Optional<GroundTruth> truth;
    private Thread thread;

    public SimBeamSensor(List<PassageSpec> passages, SimClock clock, TrafficProfile profile, CrowdSettings crowd, long seed,
            Optional<GroundTruth> truth) {
        this.passages = List.copyOf(passages);
        this.clock = clock;
        this.profile = profile;
        this.crowd = crowd;
        this.seed = seed;
        this.truth = truth;
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
        clock.start();
        long t = clock.monoNanos();
        for (PassageSpec p : passages) {
            listener.onEdge(new BeamEdge(t, p.name(), Beam.A, false));
            listener.onEdge(new BeamEdge(t, p.name(), Beam.B, false));
        }
        thread = new Thread(() -> run(listener, t), "sim-beams");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(BeamListener listener, long from) {
        SplittableRandom seeds = new SplittableRandom(seed);
        List<Crowd> crowds = new ArrayList<>();
        for (PassageSpec p : passages) {
            crowds.add(new Crowd(p.name(), crowd, t -> profile.perHourAt(clock.wallMillisAt(t)), from, seeds.nextLong()));
        }
        try {
            for (long to = from + CHUNK_NANOS; !Thread.currentThread().isInterrupted(); to += CHUNK_NANOS) {
                List<BeamEdge> edges = new ArrayList<>();
                for (Crowd c : crowds) {
                    c.advance(to, edges::add, tc -> truth.ifPresent(g -> g.crossing(tc)));
                }
                edges.sort(Comparator.comparingLong(BeamEdge::tNanos));
                for (BeamEdge e : edges) {
                    clock.sleepUntilMono(e.tNanos());
                    listener.onEdge(e);
                }
                clock.sleepUntilMono(to - CHUNK_NANOS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
