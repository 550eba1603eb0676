package io.footfall.agent.privacy;

import java.util.Arrays;

/** An open-addressing set of longs: no boxing, cleared in place. Zero is stored out of band. */
final class LongSet {
    private long[] slots = new long[256];
    private int size;
    private boolean hasZero;

    /** Adds {@code v}; true when it was not there yet. */
    boolean add(long v) {
        if (v == 0) {
            if (hasZero) {
                return false;
            }
            hasZero = true;
            return true;
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = (int) mix(v) & mask;
        while (slots[i] != 0) {
            if (slots[i] == v) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = v;
        size++;
        return true;
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    /** Empties the set and overwrites every slot. */
    void clear() {
        Arrays.fill(slots, 0L);
        size = 0;
        hasZero = false;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long v : old) {
            if (v != 0) {
                add(v);
            }
        }
        Arrays.fill(old, 0L);
    }

    private static long mix(long v) {
        v ^= v >>> 33;
        v *= 0xff51afd7ed558ccdL;
        v ^= v >>> 33;
        return v;
    }
}
