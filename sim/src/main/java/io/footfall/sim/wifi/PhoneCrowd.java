package io.footfall.sim.wifi;

import io.footfall.hal.wifi.ProbeRequest;
import io.footfall.sim.TrafficProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;

/**
 * Phones near a node as a time-ordered stream of the probe requests the node hears, each with the
 * phone that sent it. No clock and no threads: {@link SimProbeCapture} paces it in (simulated) real
 * time, benchmarks and tests run it offline as fast as it goes. The same seed gives the same stream.
 *
 * <p>Phones arrive with the street's traffic; most pass by in a minute, some browse for minutes, a
 * few stay most of an hour. Each is of a {@link PhoneModel} and, with probability
 * {@code randomizingShare}, randomises its address the way its model does; otherwise it probes with
 * its universally administered address.
 */
public final class PhoneCrowd {
    /** One probe request as heard, and which simulated phone sent it whatever address it used. */
    public record Heard(ProbeRequest probe, int phone) {}

    /** The chance that the node, on one channel at a time, hears a given probe of a sweep. */
    private static final double HEARD = 0.15;
    private static final long FRAME_SPACING_NANOS = 10_000_000L;

    private final TrafficProfile profile;
    private final LongUnaryOperator wallMillisAt;
    private final double randomizingShare;
    private final SplittableRandom random;
    private final List<PhoneModel> models = PhoneModel.catalogue();
    private final double totalWeight = models.stream().mapToDouble(PhoneModel::weight).sum();
    private final PriorityQueue<Burst> bursts = new PriorityQueue<>((a, b) -> Long.compare(a.tNanos, b.tNanos));
    private final PriorityQueue<Heard> ready = new PriorityQueue<>((a, b) -> Long.compare(a.probe().tNanos(), b.probe().tNanos()));
    private long nextArrival;
    private int phones;

    /**
     * @param wallMillisAt the wall time of a monotonic instant, for the traffic profile's hour of day
     * @param startNanos monotonic time of the first arrival
     */
    public PhoneCrowd(TrafficProfile profile, LongUnaryOperator wallMillisAt, double randomizingShare, long seed, long startNanos) {
        if (!(randomizingShare >= 0 && randomizingShare <= 1)) {
            throw new IllegalArgumentException("randomizing share must be within 0..1");
        }
        this.profile = profile;
        this.wallMillisAt = wallMillisAt;
        this.randomizingShare = randomizingShare;
        this.random = new SplittableRandom(seed);
        this.nextArrival = startNanos;
    }

    /** The next probe heard, in time order. The stream never ends (an empty street still has arrivals, rarely). */
    public Heard next() {
        while (ready.isEmpty() || ready.peek().probe().tNanos() > Math.min(nextArrival, nextBurstNanos())) {
            if (nextArrival <= nextBurstNanos()) {
                arrive();
            } else {
                burst(bursts.poll());
            }
        }
        return ready.poll();
    }

    /** Feeds {@code sink} every probe heard before {@code endNanos}, leaving the stream just after. */
    public void until(long endNanos, Consumer<Heard> sink) {
        while (true) {
            Heard h = next();
            if (h.probe().tNanos() >= endNanos) {
                ready.add(h);
                return;
            }
            sink.accept(h);
        }
    }

    private long nextBurstNanos() {
        return bursts.isEmpty() ? Long.MAX_VALUE : bursts.peek().tNanos;
    }

    private void arrive() {
        long t = nextArrival;
        double perHour = Math.max(0.5, profile.perHourAt(wallMillisAt.applyAsLong(t)));
        nextArrival = t + seconds(exponential(3600 / perHour));
        PhoneModel model = pickModel();
        Phone p = new Phone(phones++, model, random.nextDouble() < randomizingShare, t + seconds(stay()),
                model.fingerprint() != 0 ? model.fingerprint() : random.nextLong() | 1, -90 + random.nextInt(50));
        p.universal = random.nextLong() & 0xFCFF_FFFF_FFFFL;
        p.seq = random.nextInt(4096);
        bursts.add(new Burst(t + seconds(random.nextDouble(0, model.burstMaxSeconds())), p));
    }

    /** Most people pass by, some browse, a few stay (seconds). */
    private double stay() {
        double u = random.nextDouble();
        if (u < 0.6) {
            return 15 + exponential(45);
        }
        if (u < 0.9) {
            return exponential(480);
        }
        return random.nextDouble(1200, 3600);
    }

    private void burst(Burst b) {
        Phone p = b.phone;
        PhoneModel m = p.model;
        long t = b.tNanos;
        if (t >= p.leaveNanos) {
            return;
        }
        int targets = m.rotation() == PhoneModel.Rotation.PER_SSID ? 1 + m.ssids() : 1;
        boolean newBurst = true;
        for (int target = 0; target < targets; target++) {
            long address = addressFor(p, t, newBurst);
            newBurst = false;
            for (int i = 0; i < m.framesPerTarget(); i++, t += FRAME_SPACING_NANOS) {
                int seq = p.seq;
                p.seq = (p.seq + 1) & 0xFFF;
                if (random.nextDouble() < HEARD) {
                    int rssi = Math.max(-100, Math.min(-20, p.rssi + random.nextInt(-4, 5)));
                    ready.add(new Heard(new ProbeRequest(t, address, rssi, seq, p.fingerprint, false), p.id));
                }
            }
        }
        long next = b.tNanos + seconds(random.nextDouble(m.burstMinSeconds(), m.burstMaxSeconds()));
        if (next < p.leaveNanos) {
            bursts.add(new Burst(next, p));
        }
    }

    /** The address for the next target of a burst; rotates it as the phone's model does. */
    private long addressFor(Phone p, long t, boolean newBurst) {
        if (!p.randomizing) {
            return p.universal;
        }
        boolean rotate = switch (p.model.rotation()) {
            case PER_BURST -> newBurst || p.current == 0;
            case PER_SSID -> true;
            case TIMED -> t >= p.rotateAtNanos || p.current == 0;
        };
        if (rotate) {
            p.current = (random.nextLong() & 0xFCFF_FFFF_FFFFL) | 0x0200_0000_0000L;
            p.rotateAtNanos = t + seconds(random.nextDouble(p.model.rotateMinSeconds(), p.model.rotateMaxSeconds() + 1));
            if (!p.model.seqContinues()) {
                p.seq = random.nextInt(4096);
            }
        }
        return p.current;
    }

    private PhoneModel pickModel() {
        double u = random.nextDouble(totalWeight);
        for (PhoneModel m : models) {
            u -= m.weight();
            if (u < 0) {
                return m;
            }
        }
        return models.get(models.size() - 1);
    }

    private double exponential(double mean) {
        return -Math.log(1 - random.nextDouble()) * mean;
    }

    private static long seconds(double s) {
        return (long) (s * 1e9);
    }

    private static final class Phone {
        final int id;
        final PhoneModel model;
        final boolean randomizing;
        final long leaveNanos;
        final long fingerprint;
        final int rssi;
        long universal;
        long current;
        long rotateAtNanos;
        int seq;

        Phone(int id, PhoneModel model, boolean randomizing, long leaveNanos, long fingerprint, int rssi) {
            this.id = id;
            this.model = model;
            this.randomizing = randomizing;
            this.leaveNanos = leaveNanos;
            this.fingerprint = fingerprint;
            this.rssi = rssi;
        }
    }

    private record Burst(long tNanos, Phone phone) {}

    /** For tests and reports: which phones were heard among {@code heard}. */
    public static int distinctPhones(List<Heard> heard) {
        return (int) heard.stream().mapToInt(Heard::phone).distinct().count();
    }

    /** Collects the probes heard in {@code [from, to)} (the stream must be at or before {@code from}). */
    public List<Heard> window(long fromNanos, long toNanos) {
        List<Heard> out = new ArrayList<>();
        until(fromNanos, h -> {});
        until(toNanos, out::add);
        return out;
    }
}
