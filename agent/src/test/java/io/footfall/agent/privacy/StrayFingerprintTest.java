package io.footfall.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.footfall.hal.wifi.ProbeRequest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A phone that keeps its sequence counter across addresses and sends one burst under another IE
 * fingerprint (Xiaomi Redmi 5 of the calibration set, docs/PRIVACY.md) is one phone; a phone of that
 * other fingerprint whose counter does not carry on is a second one.
 */
class StrayFingerprintTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MODEL_A = 0x1111;
    private static final long MODEL_B = 0x2222;
    private static final PrivacySettings K1 = new PrivacySettings(OptionalInt.empty(), 1, OptionalDouble.empty());

    /** Bursts every 20 s from t = 1 s, a new randomised address each, 4 frames, the counter carried on. */
    private static List<ProbeRequest> keeper(int strayBurst, List<ProbeRequest> out) {
        int seq = 100;
        for (int burst = 0; burst < 14; burst++) {
            long address = 0x0200_0000_0000L | (0xA0_0000L + burst);
            long fp = burst == strayBurst ? MODEL_B : MODEL_A;
            for (int f = 0; f < 4; f++) {
                seq = (seq + 1) & 0xFFF;
                out.add(new ProbeRequest(SECOND + burst * 20 * SECOND + f * 20_000_000L, address, -40, seq, fp, false));
            }
        }
        return out;
    }

    private static int estimate(List<ProbeRequest> probes) {
        probes.sort((a, b) -> Long.compare(a.tNanos(), b.tNanos()));
        try (WifiWindow w = new WifiWindow(new SecureRandom(), K1)) {
            probes.forEach(w::add);
            return w.counts().estimated();
        }
    }

    @Test
    void a_keeper_burst_under_another_fingerprint_that_carries_on_the_counter_is_the_same_phone() {
        assertEquals(1, estimate(keeper(6, new ArrayList<>())));
    }

    @Test
    void a_phone_of_the_other_fingerprint_with_its_own_counter_still_counts() {
        List<ProbeRequest> probes = keeper(-1, new ArrayList<>());
        long address = 0x0200_0000_0000L | 0xB0_0000L;
        for (int f = 0; f < 4; f++) {
            probes.add(new ProbeRequest(125 * SECOND + f * 20_000_000L, address, -50, 2000 + f, MODEL_B, false));
        }
        assertEquals(2, estimate(probes));
    }

    @Test
    void a_stray_burst_long_after_the_keeper_fell_silent_is_not_absorbed() {
        List<ProbeRequest> probes = new ArrayList<>();
        int seq = 100;
        for (int burst = 0; burst < 5; burst++) { // bursts until t = 81 s
            long address = 0x0200_0000_0000L | (0xA0_0000L + burst);
            for (int f = 0; f < 4; f++) {
                seq++;
                probes.add(new ProbeRequest(SECOND + burst * 20 * SECOND + f * 20_000_000L, address, -40, seq, MODEL_A, false));
            }
        }
        long address = 0x0200_0000_0000L | 0xB0_0000L;
        for (int f = 0; f < 4; f++) { // three minutes later, the counter a little on
            probes.add(new ProbeRequest(260 * SECOND + f * 20_000_000L, address, -40, seq + 1 + f, MODEL_B, false));
        }
        assertEquals(2, estimate(probes));
    }
}
