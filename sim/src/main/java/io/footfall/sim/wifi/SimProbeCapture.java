package io.footfall.sim.wifi;

import io.footfall.hal.wifi.CaptureState;
import io.footfall.hal.wifi.ProbeCapture;
import io.footfall.hal.wifi.ProbeListener;
import io.footfall.hal.wifi.ProbeRequest;
import io.footfall.sim.GroundTruth;
import io.footfall.sim.SimClock;
import io.footfall.sim.TrafficProfile;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Simulated phones near the node. Phones arrive with the street's traffic, stay a while, and probe
 * in bursts; a share of them use a fresh locally administered address for every burst.
 */
public final class SimProbeCapture implements ProbeCapture {
    private final SimClock clock;
    private final TrafficProfile profile;
    private final double randomizingShare;
    private final SplittableRandom random;
    private final Optional<GroundTruth> truth;
    private volatile CaptureState state = CaptureState.of(CaptureState.Status.OFF, "not started");
    private Thread thread;

    /** A phone's next burst. */
    private record Burst(long tNanos, int phone, long address, boolean randomizing, long leaveNanos, int rssi) {}

    public SimProbeCapture(SimClock clock, TrafficProfile profile, double randomizingShare, long seed, Optional<GroundTruth> truth) {
        if (!(randomizingShare >= 0 && randomizingShare <= 1)) {
            throw new IllegalArgumentException("randomizing share must be within 0..1");
        }
        this.clock = clock;
        this.profile = profile;
        this.randomizingShare = randomizingShare;
        this.random = new SplittableRandom(seed);
        this.truth = truth;
    }

    @Override
    public synchronized void start(ProbeListener listener) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        state = CaptureState.of(CaptureState.Status.RUNNING, "simulated phones");
        listener.onCaptureState(state);
        thread = new Thread(() -> run(listener), "sim-phones");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(ProbeListener listener) {
        PriorityQueue<Burst> bursts = new PriorityQueue<>((a, b) -> Long.compare(a.tNanos(), b.tNanos()));
        int phones = 0;
        long nextArrival = clock.monoNanos();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (bursts.isEmpty() || nextArrival <= bursts.peek().tNanos()) {
                    clock.sleepUntilMono(nextArrival);
                    double perHour = Math.max(1, profile.perHourAt(clock.wallMillisAt(nextArrival)));
                    boolean randomizing = random.nextDouble() < randomizingShare;
                    long stay = (long) (-Math.log(1 - random.nextDouble()) * 180e9);
                    bursts.add(new Burst(nextArrival, phones++, universalAddress(), randomizing, nextArrival + stay,
                            -90 + random.nextInt(50)));
                    nextArrival += (long) (-Math.log(1 - random.nextDouble()) * 3600e9 / perHour);
                    continue;
                }
                Burst b = bursts.poll();
                clock.sleepUntilMono(b.tNanos());
                long address = b.randomizing() ? localAddress() : b.address();
                int seq = random.nextInt(4096);
                int frames = 1 + random.nextInt(4);
                for (int i = 0; i < frames; i++) {
                    long t = b.tNanos() + i * 20_000_000L;
                    int phone = b.phone();
                    truth.ifPresent(g -> g.probe(new GroundTruth.TrueProbe(t, address, phone)));
                    listener.onProbe(new ProbeRequest(t, address, b.rssi() + random.nextInt(-3, 4), (seq + i) & 0xFFF, 0, false));
                }
                long next = b.tNanos() + (long) (random.nextDouble(20, 90) * 1e9);
                if (next < b.leaveNanos()) {
                    bursts.add(new Burst(next, b.phone(), b.address(), b.randomizing(), b.leaveNanos(), b.rssi()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long universalAddress() {
        return random.nextLong() & 0xFCFF_FFFF_FFFFL;
    }

    private long localAddress() {
        return (random.nextLong() & 0xFCFF_FFFF_FFFFL) | 0x0200_0000_0000L;
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
