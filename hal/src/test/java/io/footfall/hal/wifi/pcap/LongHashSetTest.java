package io.footfall.hal.wifi.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongHashSetTest {
    @Test
    void agrees_with_a_java_set_through_growth_including_zero_and_negative_values() {
        LongHashSet s = new LongHashSet(4);
        Set<Long> ref = new HashSet<>();
        Random rnd = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            long v = switch (rnd.nextInt(4)) {
                case 0 -> 0L;
                case 1 -> -rnd.nextInt(1000);
                case 2 -> rnd.nextInt(50_000) << 20; // many equal low bits
                default -> rnd.nextLong() & 0xFFFF_FFFF_FFFFL;
            };
            assertEquals(ref.add(v), s.add(v));
        }
        assertEquals(ref.size(), s.size());
        for (long v : ref) {
            assertTrue(s.contains(v));
        }
        assertFalse(s.contains(0x7777_7777_7777L) && !ref.contains(0x7777_7777_7777L));
    }

    @Test
    void clear_empties_the_set() {
        LongHashSet s = new LongHashSet();
        s.add(0);
        s.add(42);
        s.clear();
        assertEquals(0, s.size());
        assertFalse(s.contains(0));
        assertFalse(s.contains(42));
        assertTrue(s.add(42));
    }
}
