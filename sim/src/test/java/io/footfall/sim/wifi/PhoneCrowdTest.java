package io.footfall.sim.wifi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.hal.wifi.ProbeRequest;
import io.footfall.sim.TrafficProfile;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhoneCrowdTest {
    private static final long MINUTE = 60_000_000_000L;

    private static List<PhoneCrowd.Heard> hour(double share, long seed) {
        return new PhoneCrowd(TrafficProfile.flat(600), t -> t / 1_000_000L, share, seed, 0).window(0, 60 * MINUTE);
    }

    @Test
    void the_same_seed_gives_the_same_stream_in_time_order() {
        List<PhoneCrowd.Heard> a = hour(0.7, 4);
        assertEquals(a, hour(0.7, 4));
        for (int i = 1; i < a.size(); i++) {
            assertTrue(a.get(i - 1).probe().tNanos() <= a.get(i).probe().tNanos());
        }
    }

    @Test
    void the_share_of_randomising_phones_is_the_one_asked_for() {
        for (double share : new double[] {0, 0.4, 0.7, 1}) {
            Map<Integer, Boolean> randomising = new HashMap<>();
            hour(share, 5).forEach(h -> randomising.merge(h.phone(), h.probe().locallyAdministered(), (x, y) -> x || y));
            double observed = randomising.values().stream().filter(b -> b).count() / (double) randomising.size();
            assertEquals(share, observed, 0.06, "share " + share + " over " + randomising.size() + " phones");
        }
    }

    @Test
    void randomising_phones_use_many_addresses_and_fingerprints_cluster_by_model() {
        List<PhoneCrowd.Heard> heard = hour(0.7, 6);
        Map<Integer, Set<Long>> addresses = new HashMap<>();
        Map<Long, Set<Integer>> phonesByFingerprint = new HashMap<>();
        for (PhoneCrowd.Heard h : heard) {
            addresses.computeIfAbsent(h.phone(), p -> new HashSet<>()).add(h.probe().source());
            phonesByFingerprint.computeIfAbsent(h.probe().ieFingerprint(), f -> new HashSet<>()).add(h.phone());
        }
        assertTrue(heard.stream().mapToLong(h -> h.probe().source()).distinct().count() > 2 * addresses.size());
        long shared = phonesByFingerprint.values().stream().filter(p -> p.size() >= 20).count();
        assertTrue(shared >= 6, "fingerprints shared by at least 20 phones: " + shared);
        assertTrue(heard.stream().allMatch(h -> h.probe().seqNo() >= 0 && h.probe().seqNo() < 4096 && h.probe().hasRssi()));
    }

    @Test
    void each_model_keeps_its_sequence_counter_across_address_changes_as_often_as_it_says() {
        // per phone, the jump in sequence number across each change of address, counted per model
        Map<Integer, ProbeRequest> last = new HashMap<>();
        Map<PhoneModel, int[]> changes = new HashMap<>();
        for (PhoneCrowd.Heard h : hour(1, 7)) {
            ProbeRequest prev = last.put(h.phone(), h.probe());
            if (prev != null && prev.source() != h.probe().source()) {
                int[] c = changes.computeIfAbsent(h.model(), m -> new int[2]);
                c[0]++;
                int jump = (h.probe().seqNo() - prev.seqNo()) & 0xFFF;
                c[1] += jump >= 1 && jump <= 64 ? 1 : 0;
            }
        }
        assertTrue(changes.size() >= 6, "models with address changes: " + changes.keySet());
        changes.forEach((m, c) -> {
            if (c[0] >= 100) {
                // a restarted counter lands within 64 by chance 64/4096 of the time
                assertEquals(m.seqContinues(), c[1] / (double) c[0], 0.1, m.name() + " over " + c[0] + " changes");
            }
        });
    }

    @Test
    void resident_phones_are_all_heard_from_start_to_end_and_the_same_seed_repeats_them() {
        List<PhoneCrowd.Heard> a = PhoneCrowd.resident(30, 0.8, 9, 0, PhoneCrowd.Radios.ONE_HOPPING).window(0, 40 * MINUTE);
        assertEquals(a, PhoneCrowd.resident(30, 0.8, 9, 0, PhoneCrowd.Radios.ONE_HOPPING).window(0, 40 * MINUTE));
        assertEquals(30, PhoneCrowd.distinctPhones(a));
        assertEquals(30, PhoneCrowd.distinctPhones(a.stream().filter(h -> h.probe().tNanos() >= 35 * MINUTE).toList()),
                "every phone still probes in the last five minutes");
    }

    @Test
    void recent_iphones_use_many_addresses_in_five_minutes_and_android_phones_few() {
        // the fit set's medians: iPhone 12 59 addresses per 5 minutes, Android phones 1-6 (docs/SIMULATOR.md)
        Map<String, List<Integer>> perWindow = new HashMap<>();
        for (int w = 0; w < 8; w++) {
            Map<Integer, Set<Long>> addresses = new HashMap<>();
            Map<Integer, String> model = new HashMap<>();
            for (PhoneCrowd.Heard h : PhoneCrowd.resident(60, 1, 11 + w, 0, PhoneCrowd.Radios.THREE_CHANNELS).window(0, 5 * MINUTE)) {
                addresses.computeIfAbsent(h.phone(), p -> new HashSet<>()).add(h.probe().source());
                model.put(h.phone(), h.model().os() + "/" + h.model().name());
            }
            addresses.forEach((phone, a) -> perWindow.computeIfAbsent(model.get(phone), m -> new java.util.ArrayList<>()).add(a.size()));
        }
        double busy = median(perWindow.get("iOS/iphone-recent-busy"));
        double android = median(perWindow.get("Android/android-periodic"));
        assertTrue(busy >= 20, "busy iPhones, median addresses per 5 minutes: " + busy);
        assertTrue(android <= 8, "periodic Android phones: " + android);
    }

    private static double median(List<Integer> xs) {
        List<Integer> s = xs.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2.0;
    }
}
