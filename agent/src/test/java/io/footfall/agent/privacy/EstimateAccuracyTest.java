package io.footfall.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.sim.TrafficProfile;
import io.footfall.sim.wifi.PhoneCrowd;
import java.security.SecureRandom;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The estimate against the simulator's ground truth; the full table is in docs/BENCHMARKS.md. */
class EstimateAccuracyTest {
    private static final long MINUTE = 60_000_000_000L;
    private static final PrivacySettings EXACT = new PrivacySettings(OptionalInt.empty(), 1, OptionalDouble.empty());

    private record Window(int truth, WifiCounts counts) {}

    /** A five-minute window after an hour of warm-up, on a street with 600 people an hour. */
    private static Window window(double share, long seed) {
        PhoneCrowd crowd = new PhoneCrowd(TrafficProfile.flat(600), t -> t / 1_000_000L, share, seed, 0);
        List<PhoneCrowd.Heard> heard = crowd.window(60 * MINUTE, 65 * MINUTE);
        try (WifiWindow w = new WifiWindow(new SecureRandom(), EXACT)) {
            heard.forEach(h -> w.add(h.probe()));
            return new Window(PhoneCrowd.distinctPhones(heard), w.counts());
        }
    }

    /**
     * With the simulator's phones calibrated to real captures (docs/SIMULATOR.md) the estimate is
     * no longer within 20% of the truth: it overcounts by 5-135% on these seeds, as it does on the
     * real captures (issue 10). What linking must still do is bring it far closer than counting
     * addresses, which are about ten times the phones, and never below the truth by much.
     */
    @Test
    void with_70_percent_randomising_phones_linking_brings_the_estimate_far_closer_than_counting_addresses() {
        for (long seed = 101; seed <= 112; seed++) {
            Window w = window(0.7, seed);
            int estimated = w.counts().estimated();
            int devices = w.counts().devices();
            String what = "seed " + seed + ": estimated " + estimated + ", devices " + devices + ", true " + w.truth();
            assertTrue(devices > 4 * w.truth(), what);
            assertTrue(Math.abs(estimated - w.truth()) < (devices - w.truth()) / 4.0, what);
            assertTrue(estimated >= 0.8 * w.truth(), what);
        }
    }

    @Test
    void with_no_randomising_phones_the_estimate_is_the_true_count() {
        for (long seed = 201; seed <= 204; seed++) {
            Window w = window(0, seed);
            assertEquals(w.truth(), w.counts().estimated());
            assertEquals(w.truth(), w.counts().devices());
            assertEquals(w.truth(), w.counts().dwell().total());
        }
    }

    @Test
    void the_dwell_histogram_adds_up_to_the_estimate() {
        Window w = window(0.7, 301);
        assertEquals(w.counts().estimated(), w.counts().dwell().total());
    }
}
