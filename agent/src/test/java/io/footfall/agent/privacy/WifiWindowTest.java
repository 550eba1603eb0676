package io.footfall.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.hal.wifi.ProbeRequest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WifiWindowTest {
    private static final long SECOND = 1_000_000_000L;
    private static final PrivacySettings K1 = new PrivacySettings(OptionalInt.empty(), 1, OptionalDouble.empty());
    private final SplittableRandom random = new SplittableRandom(11);

    private long universal() {
        return random.nextLong() & 0xFCFF_FFFF_FFFFL;
    }

    private long local() {
        return universal() | 0x0200_0000_0000L;
    }

    private static ProbeRequest probe(long t, long address, int rssi, int seq, long fp) {
        return new ProbeRequest(t, address, rssi, seq, fp, false);
    }

    @Test
    void counts_distinct_addresses_split_by_universal_and_randomised() {
        try (WifiWindow w = new WifiWindow(new SecureRandom(), K1)) {
            long u = universal();
            for (int i = 0; i < 5; i++) {
                w.add(probe(i * SECOND, u, -50, i, 7));
            }
            for (int i = 0; i < 3; i++) {
                w.add(probe(i * 60 * SECOND, local(), -50, random.nextInt(4096), 0)); // no fingerprint: unlinkable
            }
            WifiCounts c = w.counts();
            assertEquals(4, c.devices());
            assertEquals(1, c.universal());
            assertEquals(3, c.randomized());
            assertFalse(c.suppressed());
        }
    }

    @Test
    void probes_below_the_rssi_floor_are_ignored_and_probes_without_rssi_are_kept() {
        PrivacySettings floor = new PrivacySettings(OptionalInt.of(-70), 1, OptionalDouble.empty());
        try (WifiWindow w = new WifiWindow(new SecureRandom(), floor)) {
            w.add(probe(0, universal(), -71, 1, 0));
            w.add(probe(0, universal(), -70, 1, 0));
            w.add(probe(0, universal(), ProbeRequest.NO_RSSI, 1, 0));
            assertEquals(2, w.counts().devices());
        }
    }

    @Test
    void below_k_phones_every_figure_is_withheld() {
        PrivacySettings k3 = new PrivacySettings(OptionalInt.empty(), 3, OptionalDouble.empty());
        try (WifiWindow w = new WifiWindow(new SecureRandom(), k3)) {
            w.add(probe(0, universal(), -50, 1, 0));
            w.add(probe(0, universal(), -50, 1, 0));
            assertEquals(WifiCounts.suppressed(3, OptionalDouble.empty()), w.counts());
            w.add(probe(0, universal(), -50, 1, 0));
            WifiCounts c = w.counts();
            assertFalse(c.suppressed());
            assertEquals(3, c.estimated());
        }
    }

    @Test
    void addresses_of_one_phone_that_continue_its_sequence_numbers_count_as_one_phone() {
        try (WifiWindow w = new WifiWindow(new SecureRandom(), K1)) {
            long fp = 0x1234;
            int seq = 100;
            for (int burst = 0; burst < 6; burst++) {
                long a = local();
                for (int f = 0; f < 3; f++) {
                    w.add(probe(burst * 40 * SECOND + f * 10_000_000L, a, -60, seq, fp));
                    seq += 4;
                }
                seq += 20;
            }
            WifiCounts c = w.counts();
            assertEquals(6, c.randomized());
            assertEquals(1, c.estimated());
        }
    }

    @Test
    void phones_that_restart_their_counter_are_counted_by_bursts_against_phones_of_their_model_that_can_be_followed() {
        try (WifiWindow w = new WifiWindow(new SecureRandom(), K1)) {
            // five phones of one model keep their universal address; two more of it take a new address
            // and a new counter for every burst; all seven burst every 45 s for five minutes
            for (int phone = 0; phone < 7; phone++) {
                long universal = universal();
                for (int burst = 0; burst < 7; burst++) {
                    long t = phone * 5 * SECOND + burst * 45 * SECOND;
                    long a = phone < 5 ? universal : local();
                    int seq = random.nextInt(4096);
                    w.add(probe(t, a, -60, seq, 0x99));
                    w.add(probe(t + 30_000_000L, a, -60, (seq + 5) & 0xFFF, 0x99));
                }
            }
            WifiCounts c = w.counts();
            assertEquals(5, c.universal());
            assertEquals(14, c.randomized());
            assertEquals(7, c.estimated());
            assertEquals(new DwellHistogram(0, 7, 0, 0), c.dwell());
        }
    }

    @Test
    void dwell_is_first_to_last_heard_per_phone() {
        try (WifiWindow w = new WifiWindow(new SecureRandom(), K1)) {
            long[] stays = {0, 30, 59, 60, 299, 300, 899, 900, 1800};
            for (long stay : stays) {
                long a = universal();
                w.add(probe(0, a, -50, 1, 0));
                w.add(probe(stay * SECOND, a, -50, 2, 0));
            }
            assertEquals(new DwellHistogram(3, 2, 2, 2), w.counts().dwell());
        }
    }

    @Test
    void the_same_device_in_two_windows_has_unrelated_keyed_values() {
        List<Long> addresses = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            addresses.add(i % 2 == 0 ? universal() : local());
        }
        WifiWindow a = new WifiWindow(new SecureRandom(), K1);
        WifiWindow b = new WifiWindow(new SecureRandom(), K1);
        long agreeingBits = 0;
        for (long address : addresses) {
            long ha = a.keyedAddress(address);
            long hb = b.keyedAddress(address);
            assertNotEquals(ha, hb);
            agreeingBits += 64 - Long.bitCount(ha ^ hb);
        }
        // unrelated 64-bit values agree on half their bits: 64,000 ± 358 (1 sd) over 2000 pairs
        assertEquals(64_000, agreeingBits, 5 * 358);
        // and the difference between the two windows' values is not a constant either
        assertNotEquals(a.keyedAddress(addresses.get(0)) ^ b.keyedAddress(addresses.get(0)),
                a.keyedAddress(addresses.get(1)) ^ b.keyedAddress(addresses.get(1)));
        a.close();
        b.close();
    }

    @Test
    void close_zeroes_the_salt_and_overwrites_every_keyed_value_held() {
        WifiWindow w = new WifiWindow(new SecureRandom(), K1);
        assertFalse(w.saltZeroed());
        for (int i = 0; i < 5000; i++) { // enough to grow every array at least once
            w.add(probe(i * 1_000_000L, i % 3 == 0 ? universal() : local(), -50, i & 0xFFF, i % 7));
        }
        assertFalse(w.holdsNothing());
        w.close();
        assertTrue(w.saltZeroed());
        assertTrue(w.holdsNothing());
        w.close();
        assertTrue(w.holdsNothing());
    }

    @Test
    void a_closed_window_refuses_probes_with_a_message_that_names_no_address() {
        WifiWindow w = new WifiWindow(new SecureRandom(), K1);
        w.close();
        long address = universal();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.add(probe(0, address, -50, 1, 0)));
        assertTrue(new AddressLeakScanner(List.of(address)).scan("message", e.getMessage()).isEmpty());
        assertThrows(IllegalStateException.class, w::counts);
    }

    @Test
    void no_to_string_shows_an_address_or_a_keyed_value() {
        List<Long> addresses = new ArrayList<>();
        WifiWindow w = new WifiWindow(new SecureRandom(), new PrivacySettings(OptionalInt.of(-90), 1, OptionalDouble.of(1)));
        List<Long> keyed = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long a = i % 2 == 0 ? universal() : local();
            addresses.add(a);
            keyed.add(w.keyedAddress(a) & 0xFFFF_FFFF_FFFFL);
            keyed.add(w.keyedAddress(a) >>> 16);
            ProbeRequest p = probe(i * SECOND, a, -50, i, 0xABCDEF);
            w.add(p);
            assertTrue(new AddressLeakScanner(List.of(a)).scan("probe", p.toString()).isEmpty());
        }
        String shown = String.join("\n", w.toString(), w.counts().toString(), w.counts().dwell().toString(),
                PrivacySettings.DEFAULTS.toString());
        assertTrue(new AddressLeakScanner(addresses).scan("toString", shown).isEmpty());
        // a keyed value in any notation would show up as 48 of its bits
        assertTrue(new AddressLeakScanner(keyed).scan("toString", shown).isEmpty());
        assertFalse(shown.contains(Long.toString(w.keyedAddress(addresses.get(0)))));
        assertFalse(shown.toLowerCase().contains(Long.toHexString(w.keyedAddress(addresses.get(0)))));
        w.close();
    }

    @Test
    void with_noise_on_the_figures_move_but_stay_the_same_within_a_window() {
        PrivacySettings noisy = new PrivacySettings(OptionalInt.empty(), 1, OptionalDouble.of(0.5));
        int moved = 0;
        for (int run = 0; run < 20; run++) {
            try (WifiWindow w = new WifiWindow(new SecureRandom(), noisy)) {
                for (int i = 0; i < 200; i++) {
                    w.add(probe(i * SECOND, universal(), -50, 1, 0));
                }
                WifiCounts c = w.counts();
                assertEquals(c, w.counts());
                assertEquals(c.universal() + c.randomized(), c.devices());
                assertEquals(OptionalDouble.of(0.5), c.epsilon());
                moved += c.estimated() != 200 ? 1 : 0;
            }
        }
        // at ε/4 = 0.125 per figure, P(noise = 0) = (1-α)/(1+α) ≈ 6%: nearly every run moves
        assertTrue(moved >= 15, "moved in " + moved + " of 20 runs");
    }

    @Test
    void with_noise_off_the_figures_are_exact() {
        try (WifiWindow w = new WifiWindow(new SecureRandom(), K1)) {
            for (int i = 0; i < 200; i++) {
                w.add(probe(i * SECOND, universal(), -50, 1, 0));
            }
            assertEquals(200, w.counts().estimated());
            assertEquals(OptionalDouble.empty(), w.counts().epsilon());
        }
    }
}
