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
    void some_models_keep_their_sequence_counter_across_address_changes_and_others_restart_it() {
        // per phone, the gap in sequence number across each change of address
        Map<Integer, ProbeRequest> last = new HashMap<>();
        int small = 0;
        int changes = 0;
        for (PhoneCrowd.Heard h : hour(1, 7)) {
            ProbeRequest prev = last.put(h.phone(), h.probe());
            if (prev != null && prev.source() != h.probe().source()) {
                changes++;
                small += ((h.probe().seqNo() - prev.seqNo()) & 0xFFF) <= 64 ? 1 : 0;
            }
        }
        double continuing = small / (double) changes;
        assertTrue(continuing > 0.3 && continuing < 0.8, "address changes with a continuing counter: " + continuing);
    }
}
