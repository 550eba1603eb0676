package io.footfall.sim.wifi;

import io.footfall.hal.wifi.ProbeRequest;
import io.footfall.sim.TrafficProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * few stay most of an hour ({@link #resident} instead keeps a fixed set of phones for the whole
 * stream, as in the calibration captures). Each is of a {@link PhoneModel} and, with probability
 * {@code randomizingShare}, randomises its address the way its model does; otherwise it probes with
 * its universally administered address. What a phone sends, burst by burst, is described in
 * {@link PhoneModel} and docs/SIMULATOR.md.
 *
 * <p>What the node hears depends on its radios ({@link Radios}): the calibration captures were made
 * by three radios on channels 1, 6 and 11 at once; a node has one radio hopping over those channels
 * and hears about a third of the frames.
 */
public final class PhoneCrowd {
    /**
     * One probe request as heard, which simulated phone sent it whatever address it used, of which
     * model, and whether it named a network (a directed probe) rather than the wildcard SSID.
     */
    public record Heard(ProbeRequest probe, int phone, PhoneModel model, boolean directed) {}

    /** Who listens. */
    public enum Radios {
        /** One radio hopping over channels 1, 6 and 11, half a second on each: a node. */
        ONE_HOPPING,
        /** Three radios on channels 1, 6 and 11 at once: the calibration captures. */
        THREE_CHANNELS
    }

    private static final long HOP_NANOS = 500_000_000L;

    /** Time between two frames of a burst, as heard on three channels at once. */
    private static final long FRAME_SPACING_NANOS = 20_000_000L;
    /** Mean time a phone stays active and idle together (one cycle), in seconds. */
    private static final double ACTIVITY_CYCLE_SECONDS = 480;

    private final TrafficProfile profile;
    private final LongUnaryOperator wallMillisAt;
    private final double randomizingShare;
    private final SplittableRandom random;
    private final List<PhoneModel> models = PhoneModel.catalogue();
    private final double totalWeight = models.stream().mapToDouble(PhoneModel::weight).sum();
    private final PriorityQueue<Burst> bursts = new PriorityQueue<>((a, b) -> Long.compare(a.tNanos, b.tNanos));
    private final PriorityQueue<Heard> ready = new PriorityQueue<>((a, b) -> Long.compare(a.probe().tNanos(), b.probe().tNanos()));
    private final int residents;
    private final Radios radios;
    private long nextArrival;
    private int phones;

    /**
     * @param wallMillisAt the wall time of a monotonic instant, for the traffic profile's hour of day
     * @param startNanos monotonic time of the first arrival
     */
    public PhoneCrowd(TrafficProfile profile, LongUnaryOperator wallMillisAt, double randomizingShare, long seed, long startNanos) {
        this(profile, wallMillisAt, randomizingShare, seed, startNanos, 0, Radios.ONE_HOPPING);
    }

    private PhoneCrowd(TrafficProfile profile, LongUnaryOperator wallMillisAt, double randomizingShare, long seed, long startNanos,
            int residents, Radios radios) {
        if (!(randomizingShare >= 0 && randomizingShare <= 1)) {
            throw new IllegalArgumentException("randomizing share must be within 0..1");
        }
        this.profile = profile;
        this.wallMillisAt = wallMillisAt;
        this.randomizingShare = randomizingShare;
        this.random = new SplittableRandom(seed);
        this.nextArrival = startNanos;
        this.residents = residents;
        this.radios = radios;
    }

    /**
     * {@code count} phones that are all near the node from {@code startNanos} on and never leave, and
     * no one else: a room, or the calibration captures' one phone at a time.
     */
    public static PhoneCrowd resident(int count, double randomizingShare, long seed, long startNanos, Radios radios) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one resident phone");
        }
        return new PhoneCrowd(TrafficProfile.flat(0), t -> t / 1_000_000L, randomizingShare, seed, startNanos, count,
                Objects.requireNonNull(radios, "radios"));
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
        if (residents > 0) {
            for (int i = 0; i < residents; i++) {
                join(t, Long.MAX_VALUE);
            }
            nextArrival = Long.MAX_VALUE;
            return;
        }
        double perHour = Math.max(0.5, profile.perHourAt(wallMillisAt.applyAsLong(t)));
        nextArrival = t + seconds(exponential(3600 / perHour));
        join(t, t + seconds(stay()));
    }

    private void join(long t, long leaveNanos) {
        PhoneModel m = pickModel();
        Phone p = new Phone(phones++, m, random.nextDouble() < randomizingShare, leaveNanos,
                m.fingerprint() != 0 ? m.fingerprint() : random.nextLong() | 1, -90 + random.nextInt(50));
        p.universal = random.nextLong() & 0xFCFF_FFFF_FFFFL;
        p.seq = random.nextInt(4096);
        p.activePeriod = logUniform(m.activeMinSeconds(), m.activeMaxSeconds());
        p.idlePeriod = logUniform(m.idleMinSeconds(), m.idleMaxSeconds());
        p.active = random.nextDouble() < m.activeShare();
        p.stateUntilNanos = t + seconds(dwell(p));
        bursts.add(new Burst(t + seconds(random.nextDouble(0, p.active ? p.activePeriod : Math.min(p.idlePeriod, 60))), p));
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

    private double dwell(Phone p) {
        double share = p.model.activeShare();
        return exponential(ACTIVITY_CYCLE_SECONDS * (p.active ? share : 1 - share)) + 1;
    }

    private void burst(Burst b) {
        Phone p = b.phone;
        PhoneModel m = p.model;
        long t = b.tNanos;
        if (t >= p.leaveNanos) {
            return;
        }
        while (t >= p.stateUntilNanos) {
            p.active = !p.active;
            p.stateUntilNanos += seconds(dwell(p));
        }
        // frames of other kinds (data, nulls) between bursts move the counter on a little
        p.seq = (p.seq + random.nextInt(0, 8)) & 0xFFF;
        if (p.randomizing && (p.current == 0 || random.nextDouble() < m.newAddressPerBurst())) {
            newAddress(p);
        }
        boolean rotate = p.randomizing && random.nextDouble() < m.rotateWithinBurst();
        int frames = Math.max(1, (int) Math.round(Math.exp(Math.log(m.framesMedian()) + m.framesSigma() * random.nextGaussian())));
        for (int i = 0; i < frames; i++, t += FRAME_SPACING_NANOS + random.nextLong(-5_000_000L, 5_000_000L)) {
            if (rotate && i > 0 && i % m.framesPerAddress() == 0) {
                newAddress(p);
            }
            long address = p.randomizing ? p.current : p.universal;
            int seq = p.seq;
            p.seq = (p.seq + 1) & 0xFFF;
            boolean directed = random.nextDouble() < m.directedShare();
            long fingerprint = directed ? Long.rotateLeft(p.fingerprint, 17) ^ 0x0D1E_C7EDL : p.fingerprint;
            int rssi = rssi(p);
            boolean duplicate = random.nextDouble() < m.duplicateShare();
            // the frames of a burst go out on channels 1, 6, 11 in turn; one hopping radio hears those on its channel
            if (radios == Radios.ONE_HOPPING && i % 3 != (t / HOP_NANOS) % 3) {
                continue;
            }
            ready.add(new Heard(new ProbeRequest(t, address, rssi, seq, fingerprint, false), p.id, m, directed));
            if (radios == Radios.THREE_CHANNELS && duplicate) {
                ready.add(new Heard(new ProbeRequest(t + random.nextLong(500_000L, 3_000_000L), address, rssi(p), seq, fingerprint, false),
                        p.id, m, directed));
            }
        }
        double period = p.active ? p.activePeriod : p.idlePeriod;
        long next = b.tNanos + seconds(Math.max(1, period * (1 + m.periodJitter() * random.nextGaussian())));
        if (next < p.leaveNanos) {
            bursts.add(new Burst(next, p));
        }
    }

    private int rssi(Phone p) {
        return (int) Math.max(-100, Math.min(-20, Math.round(p.rssi + p.model.rssiSd() * random.nextGaussian())));
    }

    /** A new locally administered address; the sequence counter carries on or restarts, as the model does. */
    private void newAddress(Phone p) {
        p.current = (random.nextLong() & 0xFCFF_FFFF_FFFFL) | 0x0200_0000_0000L;
        if (random.nextDouble() >= p.model.seqContinues()) {
            p.seq = random.nextInt(4096);
        }
    }

    private double logUniform(double min, double max) {
        return min == max ? min : Math.exp(random.nextDouble(Math.log(min), Math.log(max)));
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
        int seq;
        double activePeriod;
        double idlePeriod;
        boolean active;
        long stateUntilNanos;

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
