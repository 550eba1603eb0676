package io.footfall.agent.privacy;

import io.footfall.hal.wifi.ProbeRequest;
import io.footfall.sim.TrafficProfile;
import io.footfall.sim.wifi.PhoneCrowd;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per probe of keying and counting, SipHash-2-4 against HMAC-SHA256 truncated to 64 bits, on
 * the simulator's probes (70% randomising phones); and the cost of the estimate at window close.
 * Run by scripts/bench-privacy.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class PrivacyBench {
    private static final long MINUTE = 60_000_000_000L;

    static ProbeRequest[] probes(double perHour, int minutes) {
        List<ProbeRequest> out = new ArrayList<>();
        new PhoneCrowd(TrafficProfile.flat(perHour), t -> t / 1_000_000L, 0.7, 42, 0)
                .window(60 * MINUTE, (60L + minutes) * MINUTE).forEach(h -> out.add(h.probe()));
        return out.toArray(new ProbeRequest[0]);
    }

    /** Probes of five busy minutes, replayed in a loop into one window per iteration. */
    @State(Scope.Thread)
    public static class PerProbe {
        ProbeRequest[] probes;
        int next;
        WifiWindow window;
        Mac hmac;
        final byte[] octets = new byte[6];
        final byte[] digest = new byte[32];

        @Setup(Level.Trial)
        public void load() throws GeneralSecurityException {
            probes = probes(6000, 5);
            byte[] key = new byte[16];
            new SecureRandom().nextBytes(key);
            hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        }

        @Setup(Level.Iteration)
        public void open() {
            window = new WifiWindow(new SecureRandom(), PrivacySettings.DEFAULTS);
            next = 0;
        }

        @TearDown(Level.Iteration)
        public void close() {
            window.close();
        }

        ProbeRequest nextProbe() {
            ProbeRequest p = probes[next];
            next = next + 1 == probes.length ? 0 : next + 1;
            return p;
        }

        long hmac(long address) {
            for (int j = 0; j < 6; j++) {
                octets[j] = (byte) (address >>> (40 - 8 * j));
            }
            hmac.update(octets);
            try {
                hmac.doFinal(digest, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException(e);
            }
            long v = 0;
            for (int j = 0; j < 8; j++) {
                v = (v << 8) | (digest[j] & 0xFFL);
            }
            return v;
        }
    }

    @Benchmark
    public void sipHashAndCount(PerProbe s) {
        s.window.add(s.nextProbe());
    }

    @Benchmark
    public void hmacSha256AndCount(PerProbe s) {
        ProbeRequest p = s.nextProbe();
        s.window.record(s.hmac(p.source()), p);
    }

    @Benchmark
    public long sipHashOnly(PerProbe s) {
        return SipHash.hash48(0x0706050403020100L, 0x0f0e0d0c0b0a0908L, s.nextProbe().source());
    }

    @Benchmark
    public long hmacSha256Only(PerProbe s) {
        return s.hmac(s.nextProbe().source());
    }

    /** One window's worth of probes, already added; the benchmark is the estimate at close. */
    @State(Scope.Thread)
    public static class Full {
        @Param({"600", "6000", "180000"})
        public double perHour;
        WifiWindow window;

        @Setup(Level.Trial)
        public void fill() {
            window = new WifiWindow(new SecureRandom(), PrivacySettings.DEFAULTS);
            for (ProbeRequest p : probes(perHour, 5)) {
                window.add(p);
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            window.close();
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public WifiCounts countsOfAFiveMinuteWindow(Full s) {
        return s.window.counts();
    }
}
