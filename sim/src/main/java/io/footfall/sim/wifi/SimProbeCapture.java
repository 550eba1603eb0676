package io.footfall.sim.wifi;

import io.footfall.hal.wifi.CaptureState;
import io.footfall.hal.wifi.ProbeCapture;
import io.footfall.hal.wifi.ProbeListener;
import io.footfall.sim.GroundTruth;
import io.footfall.sim.SimClock;
import io.footfall.sim.TrafficProfile;
import java.util.Optional;

/**
 * Simulated phones near the node ({@link PhoneCrowd}), paced by the simulated clock: each probe is
 * handed to the listener when the clock reaches its time.
 */
public final class SimProbeCapture implements ProbeCapture {
    private final SimClock clock;
    private final TrafficProfile profile;
    private final double randomizingShare;
    private final long seed;
    private final Optional<GroundTruth> truth;
    private volatile CaptureState state = CaptureState.of(CaptureState.Status.OFF, "not started");
    private Thread thread;

    /** @param randomizingShare share of phones that randomise their address, 0..1 */
    public SimProbeCapture(SimClock clock, TrafficProfile profile, double randomizingShare, long seed, Optional<GroundTruth> truth) {
        if (!(randomizingShare >= 0 && randomizingShare <= 1)) {
            throw new IllegalArgumentException("randomizing share must be within 0..1");
        }
        this.clock = clock;
        this.profile = profile;
        this.randomizingShare = randomizingShare;
        this.seed = seed;
        this.truth = truth;
    }

    @Override
    public synchronized void start(ProbeListener listener) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        clock.start();
        state = CaptureState.of(CaptureState.Status.RUNNING, "simulated phones");
        listener.onCaptureState(state);
        PhoneCrowd crowd = new PhoneCrowd(profile, clock::wallMillisAt, randomizingShare, seed, clock.monoNanos());
        thread = new Thread(() -> run(crowd, listener), "sim-phones");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(PhoneCrowd crowd, ProbeListener listener) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                PhoneCrowd.Heard h = crowd.next();
                clock.sleepUntilMono(h.probe().tNanos());
                truth.ifPresent(g -> g.probe(new GroundTruth.TrueProbe(h.probe().tNanos(), h.probe().source(), h.phone())));
                listener.onProbe(h.probe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CaptureState state() {
        return state;
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
        state = CaptureState.of(CaptureState.Status.OFF, "stopped");
    }
}
