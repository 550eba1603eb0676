package io.footfall.agent.privacy;

import io.footfall.hal.wifi.ProbeRequest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Counts Wi-Fi devices within one window. Each address is keyed with SipHash-2-4 under a 128-bit
 * salt drawn for this window alone, and only keyed values are held, in primitive arrays; the IE
 * fingerprints used to link a phone's randomised addresses are keyed under a second 128-bit salt.
 * {@link #close()} overwrites all of it and zeroes both salts, after which nothing held links a
 * device to this window or any other. Not thread-safe: one event thread adds, counts and closes.
 *
 * <p>No method's result, message or {@code toString()} contains an address or a keyed value.
 */
public final class WifiWindow implements AutoCloseable {
    private final byte[] salt = new byte[32];
    private long k0;
    private long k1;
    private long f0;
    private long f1;
    private final PrivacySettings settings;
    private final Sightings sightings = new Sightings();
    /** Noise drawn once per window, so that asking for the counts again reveals nothing new. */
    private final int[] noise = new int[7];
    private boolean closed;

    /** @param random the source of the salt and of the noise; must be unpredictable */
    public WifiWindow(SecureRandom random, PrivacySettings settings) {
        this.settings = settings;
        random.nextBytes(salt);
        k0 = littleEndian(salt, 0);
        k1 = littleEndian(salt, 8);
        f0 = littleEndian(salt, 16);
        f1 = littleEndian(salt, 24);
        if (settings.epsilon().isPresent()) {
            // four published figures share the budget: universal, randomized, estimated, dwell (one histogram)
            double perFigure = settings.epsilon().getAsDouble() / 4;
            for (int i = 0; i < noise.length; i++) {
                noise[i] = GeometricNoise.sample(random, perFigure);
            }
        }
    }

    /** Counts one probe, unless it is weaker than the RSSI floor. */
    public void add(ProbeRequest probe) {
        if (closed) {
            throw new IllegalStateException("Wi-Fi window already closed");
        }
        if (settings.rssiMinDbm().isPresent() && probe.hasRssi() && probe.rssiDbm() < settings.rssiMinDbm().getAsInt()) {
            return;
        }
        record(SipHash.hash48(k0, k1, probe.source()), probe);
    }

    /** Counts a probe already keyed; {@link #add} with the PRF left open, for benchmarks. */
    void record(long keyedAddress, ProbeRequest probe) {
        int s = sightings.indexOf(keyedAddress);
        long fp = probe.ieFingerprint() == 0 ? 0 : SipHash.hash64(f0, f1, probe.ieFingerprint());
        if (s < 0) {
            sightings.add(keyedAddress, probe.locallyAdministered(), probe.tNanos(), probe.seqNo(), fp);
        } else {
            sightings.update(s, probe.tNanos(), probe.seqNo(), fp);
        }
    }

    /**
     * The counts so far, ready to publish: below {@code k} suppressed, with noise when it is on. The
     * window stays open; the noise is the same on every call.
     */
    public WifiCounts counts() {
        if (closed) {
            throw new IllegalStateException("Wi-Fi window already closed");
        }
        int randomized = sightings.countLocal();
        int universal = sightings.size() - randomized;
        PhoneLinker.Estimate e = PhoneLinker.estimate(sightings);
        int estimated = e.phones();
        int[] dwell = e.dwell().toArray();
        OptionalDouble eps = settings.epsilon();
        if (eps.isPresent()) {
            universal = Math.max(0, universal + noise[0]);
            randomized = Math.max(0, randomized + noise[1]);
            estimated = Math.max(0, estimated + noise[2]);
            for (int i = 0; i < dwell.length; i++) {
                dwell[i] = Math.max(0, dwell[i] + noise[3 + i]);
            }
        }
        if (estimated < settings.k()) {
            return WifiCounts.suppressed(settings.k(), eps);
        }
        // from the published figures alone: post-processing, no further privacy budget
        int[] interval = EstimateInterval.of(estimated, universal + randomized, universal);
        return new WifiCounts(universal + randomized, universal, randomized, estimated, DwellHistogram.of(dwell), false,
                settings.k(), eps, interval[0], interval[1]);
    }

    /** Overwrites everything held and zeroes the salts and the noise. Idempotent. */
    @Override
    public void close() {
        closed = true;
        sightings.clear();
        Arrays.fill(salt, (byte) 0);
        Arrays.fill(noise, 0);
        k0 = 0;
        k1 = 0;
        f0 = 0;
        f1 = 0;
    }

    /** Whether every byte of the salts is zero: true after {@link #close()}. For tests and audits. */
    public boolean saltZeroed() {
        for (byte b : salt) {
            if (b != 0) {
                return false;
            }
        }
        return (k0 | k1 | f0 | f1) == 0;
    }

    /** Whether nothing is held any more: no keyed address, fingerprint or time. For tests. */
    boolean holdsNothing() {
        return sightings.wiped() && saltZeroed();
    }

    /** The keyed sightings so far, for benchmarks that compare estimators on the same window. */
    Sightings sightings() {
        return sightings;
    }

    /** This window's keyed value of an address. For tests that compare windows. */
    long keyedAddress(long address) {
        return SipHash.hash48(k0, k1, address);
    }

    private static long littleEndian(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFFL);
        }
        return v;
    }
}
