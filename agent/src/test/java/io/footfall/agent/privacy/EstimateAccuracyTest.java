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
     * The estimator is calibrated on real phones (scripts/bench-wifi-truth) and the simulator's phones
     * separately on the same captures (docs/SIMULATOR.md); neither was tuned to the other. On these
     * seeds the estimate is within 20% of the truth (median 5.5%) while addresses are 9-17 times the
     * phones. What must hold: the windows' median error within 25%, none off by more than 40%, and
     * far closer than counting addresses.
     */
    @Test
    void with_70_percent_randomising_phones_the_estimate_is_within_40_percent_and_its_median_within_25() {
        double[] err = new double[12];
        for (long seed = 101; seed <= 112; seed++) {
            Window w = window(0.7, seed);
            double e = (w.counts().estimated() - w.truth()) / (double) w.truth();
            err[(int) (seed - 101)] = Math.abs(e);
            assertTrue(Math.abs(e) <= 0.4, "seed " + seed + ": estimated " + w.counts().estimated() + ", true " + w.truth());
            // counting addresses instead would be far off: this is what the linking is for
            assertTrue(w.counts().devices() > 2 * w.truth(), "seed " + seed);
        }
        java.util.Arrays.sort(err);
        assertTrue((err[5] + err[6]) / 2 <= 0.25, "median |error| " + (err[5] + err[6]) / 2);
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
