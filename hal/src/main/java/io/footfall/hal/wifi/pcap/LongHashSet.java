package io.footfall.hal.wifi.pcap;

import java.util.Arrays;

/**
 * A set of primitive longs with open addressing and linear probing: no boxing, one array. Not
 * thread-safe. {@link #clear()} zeroes the table so that no value outlives it in memory.
 */
public final class LongHashSet {
    private static final long PHI = 0x9E3779B97F4A7C15L;

    private long[] table;
    private boolean hasZero;
    private int size;
    private int mask;

    public LongHashSet() {
        this(64);
    }

    public LongHashSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        table = new long[cap];
        mask = cap - 1;
    }

    /** Adds {@code v}; true when it was not there yet. */
    public boolean add(long v) {
        if (v == 0) {
            if (hasZero) {
                return false;
            }
            hasZero = true;
            size++;
            return true;
        }
        int i = index(v);
        while (true) {
            long cur = table[i];
            if (cur == 0) {
                table[i] = v;
                if (++size * 2 > table.length) {
                    grow();
                }
                return true;
            }
            if (cur == v) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    public boolean contains(long v) {
        if (v == 0) {
            return hasZero;
        }
        int i = index(v);
        while (true) {
            long cur = table[i];
            if (cur == 0) {
                return false;
            }
            if (cur == v) {
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    public int size() {
        return size;
    }

    /** Empties the set and overwrites every slot with zero. */
    public void clear() {
        Arrays.fill(table, 0);
        hasZero = false;
        size = 0;
    }

    private int index(long v) {
        long h = v * PHI;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        mask = table.length - 1;
        for (long v : old) {
            if (v != 0) {
                int i = index(v);
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = v;
            }
        }
        Arrays.fill(old, 0);
    }
}
